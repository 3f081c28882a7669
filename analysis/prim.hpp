#pragma once
#include <cstddef>
#include <vector>

#include "analysis/progress_fn.hpp"

namespace geosim {

// PRIM's peeling (Friedman and Fisher 1999, docs/sensitivity.md): boxes over the columns of x
// that hold more and more of the runs of interest.
struct PrimOptions {
    double alpha = 0.05;         // share of the box's runs each peel removes (at least one run)
    double min_support = 0.05;   // stop before the box would hold fewer than this share of runs
    double min_coverage = 0.5;   // the chosen box keeps at least this share of the runs of interest
};

struct PrimBox {
    std::vector<double> lo, hi;  // per column; the first box spans the data
    std::size_t runs = 0;        // runs inside
    std::size_t interesting = 0; // runs of interest inside
    double support = 0;          // runs / all runs
    double coverage = 0;         // interesting / all runs of interest
    double density = 0;          // interesting / runs
};

struct PrimResult {
    std::vector<PrimBox> trajectory;  // box 0 spans the data; each later box is one peel
    std::size_t chosen = 0;           // the box of highest density among those with coverage
                                      // >= min_coverage, the earliest on a tie
};

// Peels x (rows of equal length) for the rows with interest[row] true. Each step tries, for
// every column, removing the lowest or the highest values: the ceil(alpha * runs in box)
// smallest (largest), and any equal to the last of them; it keeps the peel with the largest
// gain in density per run removed (Friedman and Fisher's criterion, which equals the highest
// density when every peel removes as many runs; ties among discrete values can make one remove
// more), the first column and the lower side on a tie. A peel that would leave fewer than
// min_support of the runs is not considered; peeling stops when no peel is left or the
// density is 1.
// Needs at least one row. `progress` is told the peels done, 0 first then after each peel, of
// the peels that would reach min_support if each removed exactly ceil(alpha * runs) (ties make
// fewer; a density of 1 stops sooner), so the total is an estimate.
PrimResult prim(const std::vector<std::vector<double>>& x, const std::vector<bool>& interest,
                const PrimOptions& options, const ProgressFn& progress = {});

// PRIM's second phase, pasting (Friedman and Fisher 1999): `box` (normally the
// chosen box of prim() on the same x and interest) widened again while that raises its density.
// Each step tries, for every column and side, moving the bound outward just far enough to take
// in the ceil(alpha * runs in box) nearest runs outside it on that side that satisfy every other
// bound, and any equal to the last of them (as a peel takes ties); when fewer runs are left on
// that side it takes them all. It keeps the paste that raises the density the most (compared
// exactly, as fractions), the first column and the lower side on a tie; a paste that leaves the
// density as it was is not taken. Pasting stops when no paste raises the density, so it only
// widens bounds, never beyond the data's range, and never lowers the density or the coverage;
// a box of density 1 is returned as it is.
PrimBox prim_paste(const std::vector<std::vector<double>>& x, const std::vector<bool>& interest, const PrimBox& box,
                   const PrimOptions& options);

// P(X >= k) for X ~ Binomial(n, p), 0 <= p <= 1 (1 when k is 0, 0 when k > n).
double binomial_upper_tail(std::size_t n, std::size_t k, double p);

// Whether `box` restricts column c: a limit inside the data's range, `all` (the first box of the
// trajectory).
bool prim_restricts(const PrimBox& box, const PrimBox& all, std::size_t c);

// The quasi-p-value of each restriction of `box` (as the EMA Workbench reports them, after
// Friedman and Fisher's warning that peeling finds boxes in noise): for a column c the box
// restricts, the box without that restriction holds T runs of which H are of interest, and the
// quasi-p-value is P(X >= the box's runs of interest) for X ~ Binomial(the box's runs, H / T):
// how likely a box of that many runs drawn from the wider one would be at least as dense by
// chance. NaN for a column the box does not restrict.
std::vector<double> prim_quasi_p(const std::vector<std::vector<double>>& x, const std::vector<bool>& interest,
                                 const PrimBox& box, const PrimBox& all);

// A restriction dropped as not significant: its column and its quasi-p-value when it was dropped.
struct PrimDropped {
    std::size_t column = 0;
    double p = 0;
};

// `box` with its restrictions whose quasi-p-value exceeds `threshold` removed, one at a time, the
// largest first (the first column on a tie), the quasi-p-values computed again after each; stops
// when every restriction left has a quasi-p-value <= threshold. Appends what it dropped to
// `dropped`.
PrimBox prim_drop_insignificant(const std::vector<std::vector<double>>& x, const std::vector<bool>& interest,
                                const PrimBox& box, const PrimBox& all, double threshold,
                                std::vector<PrimDropped>& dropped);

}  // namespace geosim
