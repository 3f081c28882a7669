#pragma once
#include <string>
#include <vector>

#include "engine/core/matrix.hpp"

namespace geosim {

// Deriving a full bilateral table from totals and a few observed figures (docs/world-format.md):
// a gravity prior, then iterative proportional fitting (raking) to every constraint.

// x_ij = gdp_i^a * gdp_j^b / dist_ij^c off the diagonal, 0 on it and where dist is not finite.
Matrix gravity_prior(const std::vector<double>& gdp, const Matrix& dist, double a, double b,
                     double c);

// The cells of a constraint (row-major indices i * n + j) must sum to `value`.
struct RakeConstraint {
    std::vector<int> cells;
    double value = 0;
    std::string label;  // for messages, e.g. "targets[3]" or "exports of CHN"
};

// How a raking ended.
struct RakeFit {
    int sweeps = 0;
    double worst_error = 0;   // largest relative error over the constraints after the last sweep
    int worst = -1;           // index of that constraint
    bool converged = false;
};

// Raking of any array of cells (a constraint's cells index `cells` directly).
RakeFit rake_cells(std::vector<double>& cells, const std::vector<RakeConstraint>& constraints,
                   double tolerance, int max_sweeps);

struct RakeResult {
    Matrix table;
    int sweeps = 0;
    double worst_error = 0;   // largest relative error over the constraints after the last sweep
    int worst = -1;           // index of that constraint
    bool converged = false;
};

// Scales the cells of each constraint in turn to its value, sweeping until every constraint
// holds to `tolerance` (relative) or `max_sweeps` is reached. A constraint whose cells are all
// zero but whose value is positive can never hold; it is reported as the worst.
RakeResult rake(Matrix prior, const std::vector<RakeConstraint>& constraints, double tolerance,
                int max_sweeps);

}  // namespace geosim
