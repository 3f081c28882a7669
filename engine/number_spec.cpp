#include "engine/number_spec.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>

#include "engine/number.hpp"

namespace geosim {

namespace {

const std::vector<std::string> kDistributions = {"uniform", "normal", "lognormal", "triangular",
                                                 "choice"};

std::vector<double> numbers(const InputNode& node, std::size_t count, double lo, double hi) {
    const auto items = node.elements();
    if (items.size() != count)
        node.fail("expected a list of " + std::to_string(count) + " numbers, got " +
                  std::to_string(items.size()));
    std::vector<double> out;
    for (const InputNode& e : items) out.push_back(e.as_number(lo, hi));
    return out;
}

}  // namespace

NumberSpec NumberSpec::fixed(double value) {
    NumberSpec s;
    s.a_ = value;
    s.lo_ = s.hi_ = value;
    return s;
}

NumberSpec NumberSpec::parse(const InputNode& node, double lo, double hi) {
    NumberSpec s;
    s.lo_ = lo;
    s.hi_ = hi;
    if (!node.is_map()) {
        s.a_ = node.as_number(lo, hi);
        return s;
    }
    const auto items = node.items();
    const std::string name = items.empty() ? "" : items.front().first;
    if (std::find(kDistributions.begin(), kDistributions.end(), name) == kDistributions.end())
        node.fail("expected a number or a distribution (uniform, normal, lognormal, triangular, choice)" +
                  (name.empty() ? std::string() : ", got '" + name + "'" + did_you_mean(name, kDistributions)));
    node.allow_keys(name == "choice" ? std::vector<std::string>{"choice", "weights"}
                                     : std::vector<std::string>{name});
    const InputNode args = node.at(name);
    const double inf = std::numeric_limits<double>::infinity();
    if (name == "uniform") {
        s.kind_ = Kind::Uniform;
        const auto v = numbers(args, 2, lo, hi);
        if (!(v[0] < v[1])) args.fail("uniform needs lo < hi");
        s.a_ = v[0], s.b_ = v[1];
    } else if (name == "normal") {
        s.kind_ = Kind::Normal;
        const auto v = numbers(args, 2, -inf, inf);
        if (!(v[1] > 0)) args.fail("normal needs a positive standard deviation");
        s.a_ = v[0], s.b_ = v[1];
    } else if (name == "lognormal") {
        s.kind_ = Kind::Lognormal;
        const auto v = numbers(args, 2, -inf, inf);
        if (!(v[1] > 0)) args.fail("lognormal needs a positive sigma");
        s.a_ = v[0], s.b_ = v[1];
    } else if (name == "triangular") {
        s.kind_ = Kind::Triangular;
        const auto v = numbers(args, 3, lo, hi);
        if (!(v[0] <= v[1] && v[1] <= v[2] && v[0] < v[2])) args.fail("triangular needs lo <= mode <= hi and lo < hi");
        s.a_ = v[0], s.b_ = v[1], s.c_ = v[2];
    } else {
        s.kind_ = Kind::Choice;
        for (const InputNode& e : args.elements()) s.values_.push_back(e.as_number(lo, hi));
        if (s.values_.empty()) args.fail("choice needs at least one value");
        std::vector<double> w(s.values_.size(), 1.0);
        if (auto weights = node.get("weights")) {
            w = numbers(*weights, s.values_.size(), 0, inf);
            double total = 0;
            for (double x : w) total += x;
            if (!(total > 0)) weights->fail("the weights must not all be 0");
        }
        double total = 0;
        for (double x : w) total += x;
        double run = 0;
        for (double x : w) s.cumulative_.push_back(run += x / total);
    }
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
