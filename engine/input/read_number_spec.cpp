#include "engine/input/read_number_spec.hpp"

#include <algorithm>
#include <limits>

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

NumberSpec read_number_spec(const InputNode& node, double lo, double hi) {
    using Kind = NumberSpec::Kind;
    if (!node.is_map()) return NumberSpec::make(Kind::Fixed, lo, hi, {node.as_number(lo, hi)});
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
        const auto v = numbers(args, 2, lo, hi);
        if (!(v[0] < v[1])) args.fail("uniform needs lo < hi");
        return NumberSpec::make(Kind::Uniform, lo, hi, v);
    }
    if (name == "normal") {
        const auto v = numbers(args, 2, -inf, inf);
        if (!(v[1] > 0)) args.fail("normal needs a positive standard deviation");
        return NumberSpec::make(Kind::Normal, lo, hi, v);
    }
    if (name == "lognormal") {
        const auto v = numbers(args, 2, -inf, inf);
        if (!(v[1] > 0)) args.fail("lognormal needs a positive sigma");
        return NumberSpec::make(Kind::Lognormal, lo, hi, v);
    }
    if (name == "triangular") {
        const auto v = numbers(args, 3, lo, hi);
        if (!(v[0] <= v[1] && v[1] <= v[2] && v[0] < v[2])) args.fail("triangular needs lo <= mode <= hi and lo < hi");
        return NumberSpec::make(Kind::Triangular, lo, hi, v);
    }
    std::vector<double> values;
    for (const InputNode& e : args.elements()) values.push_back(e.as_number(lo, hi));
    if (values.empty()) args.fail("choice needs at least one value");
    std::vector<double> weights;
    if (auto w = node.get("weights")) {
        weights = numbers(*w, values.size(), 0, inf);
        double total = 0;
        for (double x : weights) total += x;
        if (!(total > 0)) w->fail("the weights must not all be 0");
    }
    return NumberSpec::make(Kind::Choice, lo, hi, values, weights);
}

}  // namespace geosim
