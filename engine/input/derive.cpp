#include "engine/input/derive.hpp"

#include <cmath>

namespace geosim {

Matrix gravity_prior(const std::vector<double>& gdp, const Matrix& dist, double a, double b,
                     double c) {
    const int n = static_cast<int>(gdp.size());
    Matrix m(n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            if (i != j && std::isfinite(dist(i, j)) && dist(i, j) > 0)
                m(i, j) = std::pow(gdp[i], a) * std::pow(gdp[j], b) / std::pow(dist(i, j), c);
    return m;
}

namespace {

double sum_cells(const std::vector<double>& v, const std::vector<int>& cells) {
    double s = 0;
    for (int k : cells) s += v[k];
    return s;
}

double relative_error(double sum, double value) {
    if (value == 0) return sum == 0 ? 0 : 1;
    return std::fabs(sum - value) / value;
}

}  // namespace

RakeFit rake_cells(std::vector<double>& v, const std::vector<RakeConstraint>& constraints,
                   double tolerance, int max_sweeps) {
    RakeFit r;
    for (r.sweeps = 1; r.sweeps <= max_sweeps; ++r.sweeps) {
        for (const auto& c : constraints) {
            const double s = sum_cells(v, c.cells);
            if (s > 0) {
                const double f = c.value / s;
                for (int k : c.cells) v[k] *= f;
            }
        }
        r.worst_error = 0;
        r.worst = -1;
        for (int k = 0; k < static_cast<int>(constraints.size()); ++k) {
            const double e = relative_error(sum_cells(v, constraints[k].cells), constraints[k].value);
            if (e > r.worst_error || r.worst < 0) {
                r.worst_error = e;
                r.worst = k;
            }
        }
        if (r.worst_error <= tolerance) {
            r.converged = true;
            break;
        }
    }
    return r;
}

RakeResult rake(Matrix prior, const std::vector<RakeConstraint>& constraints, double tolerance,
                int max_sweeps) {
    const RakeFit fit = rake_cells(prior.values(), constraints, tolerance, max_sweeps);
    RakeResult r;
    r.sweeps = fit.sweeps;
    r.worst_error = fit.worst_error;
    r.worst = fit.worst;
    r.converged = fit.converged;
    r.table = std::move(prior);
    return r;
}

}  // namespace geosim
