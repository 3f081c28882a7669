#pragma once
#include <utility>
#include <vector>

#include "engine/core/matrix.hpp"
#include "engine/core/shocks.hpp"
#include "engine/core/state.hpp"

namespace geosim {

// Where each lever lives in the State: the trade levers by goods group, the others by pair. The
// one list that shocks, the runner and trade go through (engine/shocks/shock_run.cpp,
// engine/run/runner.cpp, models/trade.cpp).
inline constexpr std::pair<Lever, std::vector<Matrix> State::*> kGroupLevers[] = {
    {Lever::Tariff, &State::tariff},
    {Lever::TradeBlock, &State::trade_block},
    {Lever::ExportControl, &State::export_control},
    {Lever::TradePromotion, &State::trade_promotion}};
inline constexpr std::pair<Lever, Matrix State::*> kPairLevers[] = {
    {Lever::TourismBlock, &State::tourism_block},
    {Lever::InvestBlock, &State::invest_block},
    {Lever::InvestPromotion, &State::invest_promotion},
    {Lever::Coercion, &State::coercion},
    {Lever::Assistance, &State::assistance},
    {Lever::Aid, &State::aid},
    {Lever::TourismPromotion, &State::tourism_promotion},
    {Lever::PledgedInvestment, &State::pledged_investment},
    {Lever::PledgedCredit, &State::pledged_credit},
    {Lever::TieStance, &State::tie_stance},
    {Lever::BlocStance, &State::bloc_stance},
    {Lever::PartnerBlocStance, &State::partner_bloc_stance},
    {Lever::TourismBoycott, &State::tourism_boycott}};

// The bit of `lever` in a set of levers (State::levers_set).
constexpr unsigned lever_bit(Lever lever) { return 1u << static_cast<unsigned>(lever); }

// The matrices of a lever held by goods group, or nullptr for a lever held by pair.
inline std::vector<Matrix>* group_lever(State& s, Lever lever) {
    for (auto [l, m] : kGroupLevers)
        if (l == lever) return &(s.*m);
    return nullptr;
}

// The matrix of a lever held by pair, or nullptr for a lever held by goods group.
inline Matrix* pair_lever(State& s, Lever lever) {
    for (auto [l, m] : kPairLevers)
        if (l == lever) return &(s.*m);
    return nullptr;
}

}  // namespace geosim
