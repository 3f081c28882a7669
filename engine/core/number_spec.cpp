#include "engine/core/number_spec.hpp"

#include <algorithm>
#include <cassert>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>

#include "engine/core/number.hpp"

namespace geosim {

NumberSpec NumberSpec::fixed(double value) {
    NumberSpec s;
    s.a_ = value;
    s.lo_ = s.hi_ = value;
    return s;
}

NumberSpec NumberSpec::make(Kind kind, double lo, double hi, const std::vector<double>& params,
                            const std::vector<double>& weights) {
    assert(kind == Kind::Choice ? !params.empty() && (weights.empty() || weights.size() == params.size())
                                : params.size() == (kind == Kind::Fixed ? 1u : kind == Kind::Triangular ? 3u : 2u));
    NumberSpec s;
    s.kind_ = kind;
    s.lo_ = lo;
    s.hi_ = hi;
    if (kind != Kind::Choice) {
        if (params.size() > 0) s.a_ = params[0];
        if (params.size() > 1) s.b_ = params[1];
        if (params.size() > 2) s.c_ = params[2];
        return s;
    }
    s.values_ = params;
    std::vector<double> w = weights.empty() ? std::vector<double>(params.size(), 1.0) : weights;
    double total = 0;
    for (double x : w) total += x;
    double run = 0;
    for (double x : w) s.cumulative_.push_back(run += x / total);
    return s;
}

double NumberSpec::draw(Stream& stream) const {
    double v = a_;
    switch (kind_) {
        case Kind::Fixed:
            return a_;
        case Kind::Uniform:
            v = boost::random::uniform_real_distribution<double>(a_, b_)(stream);
            break;
        case Kind::Normal:
            v = boost::random::normal_distribution<double>(a_, b_)(stream);
            break;
        case Kind::Lognormal:
            v = boost::random::lognormal_distribution<double>(a_, b_)(stream);
            break;
        case Kind::Triangular:
            v = boost::random::triangle_distribution<double>(a_, b_, c_)(stream);
            break;
        case Kind::Choice: {
            const double u = stream.uniform();
            std::size_t k = 0;
            while (k + 1 < values_.size() && u >= cumulative_[k]) ++k;
            v = values_[k];
            break;
        }
    }
    return std::clamp(v, lo_, hi_);
}

double NumberSpec::quantile(double u) const {
    // The normal's quantile is infinite at 0; stay a hair inside (0, 1).
    u = std::clamp(u, 0x1p-53, 1 - 0x1p-53);
    double v = a_;
    switch (kind_) {
        case Kind::Fixed:
            return a_;
        case Kind::Uniform:
            v = a_ + u * (b_ - a_);
            break;
        case Kind::Normal:
            v = boost::math::quantile(boost::math::normal_distribution<double>(a_, b_), u);
            break;
        case Kind::Lognormal:
            v = std::exp(boost::math::quantile(boost::math::normal_distribution<double>(a_, b_), u));
            break;
        case Kind::Triangular: {
            // F(x) = (x - lo)^2 / ((hi - lo)(mode - lo)) up to the mode, inverted piecewise.
            const double lo = a_, mode = b_, hi = c_;
            const double at_mode = (mode - lo) / (hi - lo);
            v = u < at_mode ? lo + std::sqrt(u * (hi - lo) * (mode - lo))
                            : hi - std::sqrt((1 - u) * (hi - lo) * (hi - mode));
            break;
        }
        case Kind::Choice: {
            std::size_t k = 0;
            while (k + 1 < values_.size() && u >= cumulative_[k]) ++k;
            v = values_[k];
            break;
        }
    }
    return std::clamp(v, lo_, hi_);
}

std::string NumberSpec::describe() const {
    auto list = [](std::initializer_list<double> xs) {
        std::string s;
        for (double x : xs) s += (s.empty() ? "" : ", ") + format_number(x);
        return s;
    };
    switch (kind_) {
        case Kind::Fixed: return format_number(a_);
        case Kind::Uniform: return "uniform(" + list({a_, b_}) + ")";
        case Kind::Normal: return "normal(" + list({a_, b_}) + ")";
        case Kind::Lognormal: return "lognormal(" + list({a_, b_}) + ")";
        case Kind::Triangular: return "triangular(" + list({a_, b_, c_}) + ")";
        case Kind::Choice: {
            std::string s;
            for (double x : values_) s += (s.empty() ? "" : ", ") + format_number(x);
            return "choice(" + s + ")";
        }
    }
    return {};
}

}  // namespace geosim
