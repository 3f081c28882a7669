#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include <yaml-cpp/yaml.h>

#include "models/perception.hpp"
#include "tests/models/fixtures_b.hpp"

using namespace geosim;

namespace {

// A0 observes a large distant power A1 and a small neighbour A2.
World three_agents() {
    World w = fixtures_b::blank_world(3);
    w.agents[1].gdp = 1000;
    w.agents[1].defence = 20;  // burden 0.02, spending 20: the largest, power 1
    w.agents[1].projection = 0.3;
    w.agents[1].offence = 0.5;
    w.agents[2].defence = 1;   // spending 1: power 1 / 20
    w.agents[2].offence = 0.2;
    w.calib.base_dist(0, 1) = w.calib.base_dist(1, 0) = 2000;
    w.trust0(0, 1) = -0.2;
    w.trust0(0, 2) = 0.6;
    PerceptionParams& p = w.params.perception;
    p.distance_scale = 2000;
    p.hostility_decay = 0.2;
    p.hostility_incident = 0.1;
    p.hostility_coercion = 0.15;
    p.hostility_tariff = 0.05;
    p.trust_reversion = 0;
    p.trust_coercion_target = 0.5;
    p.trust_coercion_bystander = 0.1;
    p.trust_incident = 0.05;
    p.trust_aid = 0.02;
    return w;
}

}  // namespace

TEST_CASE("perception threat by hand", "[perception]") {
    const World w = three_agents();
    State s = fixtures_b::start_state(w);
    s.hostility(0, 1) = 0.1;
    const Matrix t = perception::threat(w, s);
    // power 1; proximity 0.3 + 0.7 e^-1 = 0.5575156088; offence 0.5; hostility: distrust 0.2 + 0.1 = 0.3
    CHECK(t(0, 1) == Approx(1 * 0.5575156088 * 0.5 * 0.3));
    // A0 trusts A2 (0.6): no hostile intent, no threat, however close and armed.
    CHECK(t(0, 2) == 0);
    CHECK(t(0, 0) == 0);
    // Hostility is capped at 1: 0.2 + 2 -> 1.
    s.hostility(0, 1) = 2;
    CHECK(perception::threat(w, s)(0, 1) == Approx(0.5575156088 * 0.5));
}

TEST_CASE("perception: calibration caches proximity for its distance scale only", "[perception]") {
    World w = three_agents();
    State s = fixtures_b::start_state(w);
    s.hostility(0, 1) = 0.1;
    perception::calibrate(w, s);
    // 0.3 + 0.7 e^-1, as by hand above; the threat from the cache is the same bits.
    CHECK(w.calib.proximity(0, 1) == Approx(0.5575156088));
    CHECK(w.calib.proximity_scale == 2000);
    World uncached = w;
    uncached.calib.proximity = Matrix();
    CHECK(perception::threat(w, s).values() == perception::threat(uncached, s).values());
    // A shock that moves the distance scale to 4000: proximity 0.3 + 0.7 e^-0.5 = 0.72457146, not
    // the cached figure.
    w.params.perception.distance_scale = 4000;
    CHECK(perception::threat(w, s)(0, 1) == Approx(0.72457146 * 0.5 * 0.3));
}

TEST_CASE("perception: calibration records start threat and its row sums", "[perception]") {
    World w = three_agents();
    const State s0 = fixtures_b::start_state(w);
    perception::calibrate(w, s0);
    // A0: from A1 0.5575156088 x 0.5 x 0.2 (distrust); from A2 nothing (trusted)
    CHECK(w.calib.total_threat0[0] == Approx(0.5575156088 * 0.5 * 0.2));
}

TEST_CASE("perception: coercion costs the target more trust than bystanders", "[perception]") {
    const World w = three_agents();
    State s0 = fixtures_b::start_state(w);
    s0.coercion(1, 0) = 0.4;  // A0 coerces A1
    State s1 = fixtures_b::copy_next(s0);
    perception::step(w, s0, s1);
    CHECK(s1.trust(1, 0) == Approx(-0.5 * 0.4));  // target: -0.20
    CHECK(s1.trust(2, 0) == Approx(-0.1 * 0.4));  // bystander: -0.04
    CHECK(s1.trust(2, 1) == 0);                   // A1 coerced nobody
    CHECK(s1.hostility(1, 0) == Approx(0.15 * 0.4));
    CHECK(s1.hostility(2, 0) == 0);
}

TEST_CASE("perception: tariffs, aid and decay", "[perception]") {
    const World w = three_agents();
    State s0 = fixtures_b::start_state(w);
    s0.tariff[0](1, 0) = 0.4;      // importer A1 taxes goods from A0: aimed at A0
    s0.hostility(2, 1) = 0.5;   // decays by a fifth
    s0.assistance(2, 0) = 5;    // A0 gives A2 USD 5 bn a year
    State s1 = fixtures_b::copy_next(s0);
    perception::step(w, s0, s1);
    CHECK(s1.hostility(0, 1) == Approx(0.05 * 0.4));
    CHECK(s1.hostility(2, 1) == Approx(0.4));
    CHECK(s1.trust(2, 0) == Approx(0.02 * 5));
    // Threat is recomputed from the new hostility: distrust 0.2 + 0.02 = 0.22.
    CHECK(s1.threat(0, 1) == Approx(0.5575156088 * 0.5 * 0.22));
}

TEST_CASE("perception: incidents above the baseline rate raise hostility both ways", "[perception]") {
    World w = three_agents();
    Zone z;
    z.claimant = 0;
    z.rival = 1;
    w.zones.push_back(z);
    w.calib.severity_ref = {0.2};
    State s0 = fixtures_b::start_state(w);
    s0.incidents[0] = 2;
    s0.max_rung[0] = 3;
    s0.severity[0] = 1.2;  // two incidents reaching rungs 3 and 3: 6 / 5 = 1.2, 1.0 above the reference 0.2
    State s1 = fixtures_b::copy_next(s0);
    perception::step(w, s0, s1);
    CHECK(s1.hostility(0, 1) == Approx(0.1));
    CHECK(s1.hostility(1, 0) == Approx(0.1));
    CHECK(s1.trust(0, 1) == Approx(-0.2 - 0.05));
    CHECK(s1.trust(1, 0) == Approx(-0.05));

    // One patrol (1 / 5 = 0.2) is the baseline: nothing moves.
    s0.incidents[0] = 1;
    s0.max_rung[0] = 1;
    s0.severity[0] = 0.2;
    State b1 = fixtures_b::copy_next(s0);
    perception::step(w, s0, b1);
    CHECK(b1.hostility(0, 1) == 0);
    CHECK(b1.trust(0, 1) == Approx(-0.2));
}

TEST_CASE("perception: trust gap halves in the stated half-life", "[perception]") {
    World w = three_agents();
    // Half-life 8 quarters: 1 - 0.5^(1/8).
    w.params.perception.trust_reversion = 1 - std::pow(0.5, 1.0 / 8);
    w.trust0(2, 0) = 0.5;
    State s = fixtures_b::start_state(w);
    s.trust(2, 0) = -0.1;  // gap -0.6
    for (int q = 0; q < 8; ++q) {
        State next = fixtures_b::copy_next(s);
        perception::step(w, s, next);
        s = next;
    }
    CHECK(s.trust(2, 0) == Approx(0.5 - 0.3));
    CHECK(s.trust(0, 1) == Approx(-0.2));  // at baseline: stays
}

TEST_CASE("perception: the target's grievance takes a share of its room above -1", "[perception]") {
    const World w = three_agents();
    State s0 = fixtures_b::start_state(w);
    s0.coercion(1, 0) = 1;     // A0 blocks all it can of A1's flows
    s0.trust(1, 0) = -0.8;     // room 0.2: loses 0.5 x 1 x 0.2 = 0.1
    s0.coercion(0, 1) = 0.4;   // A1 coerces A0, whose trust is 0.6 (room 1.6): loses 0.5 x 0.4 x 1.6 = 0.32
    s0.trust(0, 1) = 0.6;
    State s1 = fixtures_b::copy_next(s0);
    perception::step(w, s0, s1);
    CHECK(s1.trust(1, 0) == Approx(-0.9));
    CHECK(s1.trust(0, 1) == Approx(0.6 - 0.32));
    // However long it lasts, the grievance alone never takes a public below -1: each quarter
    // takes half the room left, 0.2 -> 0.1 -> 0.05 ...
    State s2 = fixtures_b::copy_next(s1);
    perception::step(w, s1, s2);
    CHECK(s2.trust(1, 0) == Approx(-0.95));
}

TEST_CASE("perception: trust is clamped to [-1, 1]", "[perception]") {
    const World w = three_agents();
    State s0 = fixtures_b::start_state(w);
    s0.trust_shift(1, 0) = -0.5;  // an opinion shock's impulse
    s0.trust(1, 0) = -0.8;
    State s1 = fixtures_b::copy_next(s0);
    perception::step(w, s0, s1);
    CHECK(s1.trust(1, 0) == -1);  // -0.8 - 0.5 -> -1
    s0.trust_shift(0, 2) = 0.7;
    s0.trust(0, 2) = 0.6;
    State s2 = fixtures_b::copy_next(s0);
    perception::step(w, s0, s2);
    CHECK(s2.trust(0, 2) == 1);  // 0.6 + 0.7 -> 1
}

TEST_CASE("perception: the world file's decay rates give the half-lives their sources state", "[perception]") {
    const YAML::Node p = YAML::LoadFile(std::string(GEOSIM_SOURCE_DIR) + "/scenarios/world/params_perception.yaml");
    const auto half_life = [](double r) { return std::log(0.5) / std::log(1 - r); };
    // trust: 8 quarters; hostility: 4 quarters (sources in params_perception.yaml)
    CHECK(half_life(p["parameters"]["perception"]["trust_reversion"]["value"].as<double>()) == Approx(8).margin(0.05));
    CHECK(half_life(p["parameters"]["perception"]["hostility_decay"]["value"].as<double>()) == Approx(4).margin(0.05));
}
