#include "cli/serve_api.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>

#include "analysis/paired_runs.hpp"
#include "analysis/sweep_design.hpp"
#include "analysis/sweep_runs.hpp"
#include "analysis/sweep_stats.hpp"
#include "cli/scenario_edit.hpp"
#include "cli/sweep_common.hpp"
#include "engine/core/error.hpp"
#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "engine/input/input.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/indicators.hpp"
#include "engine/run/runner.hpp"
#include "engine/run/scenario.hpp"
#include "outputs/effects.hpp"
#include "outputs/json_writer.hpp"
#include "outputs/web_assets.hpp"

namespace geosim::cli {

namespace fs = std::filesystem;

// One charted row over a sweep: per step, the mean and the 5/25/50/75/95th percentiles.
struct ChartSeries {
    RowKey key;
    std::vector<double> mean, p05, p25, p50, p75, p95;
};

struct SweepCharts {
    std::vector<ChartSeries> series;
    std::uint64_t runs = 0, failed = 0;
    // The rows whose effects the dashboard lists against the baseline (those of agents, blocs and
    // claimant pairs that outputs/effects.hpp ranks) and each run's values of them, step by
    // step, by run id; empty for a run that failed. Pairing two sweeps' runs of one id gives the
    // paired difference, as geosim compare does.
    std::vector<RowKey> effect_keys;
    std::vector<std::vector<double>> effect_values;
};

namespace {

// EditableField::Type as the API names it, in the enum's order.
constexpr const char* kFieldTypes[] = {"number", "quarter", "date"};

// Thrown by a sweep that stopped because the server is stopping.
struct Cancelled {};

// The economies a sweep's shocks act on and those acting on them, whose series the dashboard's
// panel of the targeted economy draws: `economies` are the targets (the partner of the shocks'
// event rows), or the senders (their agent) when no shock names a target; `partners` are the
// senders, and the two poles when an economy has no sender but itself (a blockade names only the
// economy whose ports it closes, a US election only the US). Agent ids, in the order of the
// shocks, each once.
struct Focus {
    std::vector<std::string> senders, targets;
    std::vector<std::string> economies, partners;

    bool economy(const std::string& id) const { return std::find(economies.begin(), economies.end(), id) != economies.end(); }
    bool partner(const std::string& id) const { return std::find(partners.begin(), partners.end(), id) != partners.end(); }
    std::string key() const {
        std::string k = "economies";
        for (const std::string& e : economies) k += " " + e;
        k += " partners";
        for (const std::string& p : partners) k += " " + p;
        return k;
    }
};

void add_once(std::vector<std::string>& list, const std::string& id) {
    if (std::find(list.begin(), list.end(), id) == list.end()) list.push_back(id);
}

// The senders and targets of the compiled shocks, in list order, each once.
std::pair<std::vector<std::string>, std::vector<std::string>> shock_parties(const World& world) {
    std::pair<std::vector<std::string>, std::vector<std::string>> out;
    for (const Shock& s : world.shocks) {
        if (s.agent >= 0) add_once(out.first, world.agents[static_cast<std::size_t>(s.agent)].id);
        if (s.partner >= 0) add_once(out.second, world.agents[static_cast<std::size_t>(s.partner)].id);
    }
    return out;
}

// The focus of these senders and targets, within the limits (DashboardApi::kMaxFocus*): the
// first economies and partners in order.
Focus make_focus(const World& world, std::vector<std::string> senders, std::vector<std::string> targets) {
    Focus f{std::move(senders), std::move(targets), {}, {}};
    for (const std::string& id : f.targets.empty() ? f.senders : f.targets)
        if (f.economies.size() < DashboardApi::kMaxFocusEconomies) add_once(f.economies, id);
    for (const std::string& id : f.senders)
        if (f.partners.size() < DashboardApi::kMaxFocusPartners) add_once(f.partners, id);
    const bool alone = std::any_of(f.economies.begin(), f.economies.end(), [&](const std::string& e) {
        return std::none_of(f.partners.begin(), f.partners.end(), [&](const std::string& p) { return p != e; });
    });
    if (alone)
        for (int pole : {world.east, world.west})
            if (pole >= 0) add_once(f.partners, world.agents[static_cast<std::size_t>(pole)].id);
    return f;
}

// The focus a request names ("focus": {"senders": [...], "targets": [...]}, agent ids of the
// world), or else the scenario's own.
Focus request_focus(const World& world, const InputNode& req) {
    auto parties = shock_parties(world);
    if (auto given = req.get("focus")) {
        if (!given->is_map()) given->fail("expected an object with 'senders' and 'targets', lists of agent ids");
        given->allow_keys({"senders", "targets"});
        std::vector<std::string> ids;
        for (const Agent& a : world.agents) ids.push_back(a.id);
        auto read = [&](const char* name, std::size_t limit) {
            std::vector<std::string> out;
            if (!given->has(name)) return out;
            const InputNode list = given->at(name);
            if (!list.is_sequence()) list.fail("expected a list of agent ids");
            if (list.elements().size() > limit)
                list.fail(std::to_string(list.elements().size()) + " agents, over the limit of " +
                          std::to_string(limit) + " per request");
            for (const InputNode& e : list.elements()) {
                const std::string id = e.as_string();
                if (std::find(ids.begin(), ids.end(), id) == ids.end()) e.fail("unknown agent '" + id + "'" + did_you_mean(id, ids));
                add_once(out, id);
            }
            return out;
        };
        parties.first = read("senders", DashboardApi::kMaxFocusPartners);
        parties.second = read("targets", DashboardApi::kMaxFocusEconomies);
    }
    return make_focus(world, std::move(parties.first), std::move(parties.second));
}

// The rows the dashboard charts, out of the ~10^5 a run records: the bloc's alignment and its
// trade shares with the two poles (of all goods and of each goods group), US credibility, every
// agent's alignment and every zone's tension; and for the focus, each economy's GDP, exports and
// imports, and with each partner its exports to it, its imports from it (the partner's exports
// to it) and its visitors from it. Only these travel to the browser.
std::vector<std::size_t> chart_rows(const World& world, const std::vector<RowKey>& keys, const Focus& focus) {
    const std::string east = world.agents[static_cast<std::size_t>(world.east)].id;
    const std::string west = world.agents[static_cast<std::size_t>(world.west)].id;
    std::vector<std::size_t> rows;
    for (std::size_t k = 0; k < keys.size(); ++k) {
        const RowKey& key = keys[k];
        const bool of_economy = (key.indicator == "gdp" || key.indicator == "exports" || key.indicator == "imports") &&
                                focus.economy(key.agent);
        const bool with_partner =
            (key.indicator == "trade" && ((focus.economy(key.agent) && focus.partner(key.partner)) ||
                                          (focus.partner(key.agent) && focus.economy(key.partner)))) ||
            (key.indicator == "visitors" && focus.economy(key.agent) && focus.partner(key.partner));
        if (key.indicator == "asean_alignment" || key.indicator == "alignment" ||
            key.indicator == "zone_tension" || key.indicator == "credibility" ||
            ((key.indicator == "bloc_trade_share" || key.indicator == "bloc_sector_trade_share") &&
             (key.partner == east || key.partner == west)) ||
            of_economy || with_partner)
            rows.push_back(k);
    }
    return rows;
}

InputNode parse_request(const std::string& body, const std::vector<std::string>& keys) {
    if (body.empty()) throw InputError({"request"}, "", "the body is empty; send a JSON object");
    // JSON is YAML's flow style, so the CLI's guarded loader (size, depth, node and alias
    // budgets, duplicate keys) reads request bodies too, and its errors are located.
    const InputNode req = load_yaml_text(body, "request");
    if (!req.is_map()) req.fail("expected a JSON object");
    req.allow_keys(keys);
    return req;
}

struct Chosen {
    std::string text;     // the scenario as YAML
    std::string display;  // names it in messages
};

Chosen choose(ScenarioLibrary& library, const InputNode& req) {
    const auto scenario = req.get("scenario");
    const auto yaml = req.get("yaml");
    if (scenario.has_value() == yaml.has_value()) req.fail("give either 'scenario' (a name from /api/scenarios) or 'yaml'");
    if (yaml) {
        if (req.has("shocks")) req.at("shocks").fail("shock edits apply to a scenario of the library; edit the YAML instead");
        return {yaml->as_string(), "request.yaml"};
    }
    const std::string name = scenario->as_string();
    const std::vector<LibraryScenario> all = library.scenarios();
    std::vector<std::string> names;
    for (const LibraryScenario& s : all) {
        names.push_back(s.name);
        if (s.name == name) return {edited_scenario(library.folder(), s, req.get("shocks")), s.file};
    }
    scenario->fail("unknown scenario '" + name + "'" + did_you_mean(name, names));
}

// The scenario of a request, with no more shocks than a request may compile and run.
ScenarioSpec load_chosen(const fs::path& library, const Chosen& c) {
    ScenarioSpec spec = load_scenario_text(c.text, c.display, library.string());
    if (spec.shocks) {
        const std::size_t n = spec.shocks->elements().size();
        if (n > DashboardApi::kMaxShocks)
            spec.shocks->fail(std::to_string(n) + " shocks, over the limit of " +
                              std::to_string(DashboardApi::kMaxShocks) + " per request");
    }
    return spec;
}

// An answer is sent only when it is within the limit, so a request asking for too much gets a
// message instead of tens of MB.
HttpResponse bounded_answer(const std::string& text) {
    if (text.size() > DashboardApi::kMaxAnswerBytes)
        throw InputError({"request"}, "",
                         "the answer would be " + std::to_string(text.size()) + " bytes, over the limit of " +
                             std::to_string(DashboardApi::kMaxAnswerBytes) +
                             " per request; ask for fewer shocks or a shorter horizon");
    return {200, "application/json", text};
}

void write_dates(JsonWriter& json, const World& world) {
    json.key("dates").begin_array();
    for (int s = 0; s <= world.horizon; ++s) json.string(format_quarter(world.start + s));
    json.end_array();
}

void write_ids(JsonWriter& json, const char* name, const std::vector<std::string>& ids) {
    json.key(name).begin_array();
    for (const std::string& id : ids) json.string(id);
    json.end_array();
}

void write_numbers(JsonWriter& json, const char* name, const std::vector<double>& values) {
    json.key(name).begin_array();
    for (double v : values) json.number(v);
    json.end_array();
}

void write_key(JsonWriter& json, const RowKey& key) {
    json.key("indicator").string(key.indicator).key("agent").string(key.agent).key("partner").string(key.partner);
    json.key("sector").string(key.sector);
}

void write_charts(JsonWriter& json, const SweepCharts& c) {
    json.key("series").begin_array();
    for (const ChartSeries& s : c.series) {
        json.begin_object();
        write_key(json, s.key);
        // The dashboard draws the bloc's alignment as a fan chart and every other row as its
        // median, so only that row carries the mean and the bands.
        const bool fan = s.key.indicator == "asean_alignment";
        if (fan) write_numbers(json, "mean", s.mean);
        if (fan) write_numbers(json, "p05", s.p05);
        if (fan) write_numbers(json, "p25", s.p25);
        write_numbers(json, "p50", s.p50);
        if (fan) write_numbers(json, "p75", s.p75);
        if (fan) write_numbers(json, "p95", s.p95);
        json.end_object();
    }
    json.end_array();
}

HttpResponse ok_json(const std::string& text) { return {200, "application/json", text}; }

// The largest effects of the sweep against the baseline (outputs/effects.hpp, as geosim compare
// ranks them), from the runs of one id that succeeded on both sides; none when the two do not
// record the same rows.
void write_effects(JsonWriter& json, const World& world, const SweepCharts& alt, const SweepCharts& base) {
    constexpr std::size_t kListed = 5;
    json.key("effects").begin_array();
    const auto steps = static_cast<int>(world.horizon) + 1;
    if (alt.effect_keys == base.effect_keys && alt.effect_values.size() == base.effect_values.size()) {
        Comparison c{alt.effect_keys, world.start, steps, PairedStats(alt.effect_keys.size() * static_cast<std::size_t>(steps))};
        for (std::size_t r = 0; r < alt.effect_values.size(); ++r)
            if (!alt.effect_values[r].empty() && !base.effect_values[r].empty())
                c.stats.add(base.effect_values[r], alt.effect_values[r]);
        const std::vector<EffectSeries> rows = effect_series(c, 0.90);
        const std::vector<RankedEffect> effects = rank_effects(rows);
        for (std::size_t i = 0; i < std::min(kListed, effects.size()); ++i) {
            const RankedEffect& e = effects[i];
            json.begin_object().key("indicator").string(rows[e.row].indicator).key("agent").string(rows[e.row].agent);
            json.key("partner").string(rows[e.row].partner).key("peak").string(format_quarter(world.start + e.step));
            json.key("base").number(e.base).key("alt").number(e.alt).key("diff").number(e.diff);
            json.key("change").string(format_change(e)).end_object();
        }
    }
    json.end_array();
}

// Records the charted rows and the events of one run.
class RunRecorder : public Observer {
public:
    explicit RunRecorder(std::vector<std::size_t> rows) : rows_(std::move(rows)), values_(rows_.size()) {}
    void observe(const World& world, const State& state) override {
        std::size_t k = 0, next = 0;
        emit_indicators(world, state, [&](std::string_view, std::string_view, std::string_view, std::string_view, double v) {
            if (next < rows_.size() && rows_[next] == k) values_[next++].push_back(v);
            ++k;
        });
        for (const Event& e : state.events) events_.push_back({state.step, e});
    }
    const std::vector<std::vector<double>>& values() const { return values_; }
    const std::vector<std::pair<int, Event>>& events() const { return events_; }

private:
    std::vector<std::size_t> rows_;
    std::vector<std::vector<double>> values_;
    std::vector<std::pair<int, Event>> events_;
};

// Runs the sweep of `design` on `world` and keeps the statistics of the charted rows only,
// folded in run-id order as `geosim sweep` folds them, so the numbers are those of its
// summary.csv.
SweepCharts sweep_charts(const World& world, const SweepDesign& design, const Focus& focus, int threads,
                         const std::function<void()>& on_run, const std::atomic<bool>& stop) {
    const std::vector<RowKey> keys = row_keys(world);
    const std::vector<std::size_t> rows = chart_rows(world, keys, focus);
    const std::size_t steps = static_cast<std::size_t>(world.horizon) + 1;
    // Blocks of the CLI's default size, each folded afresh and merged in block order, as
    // `geosim sweep` does.
    SweepStats stats(rows.size() * steps);
    SweepStats block(rows.size() * steps);
    std::vector<double> picked(rows.size() * steps);
    // Runs record the charted indicators only; `at[i]` is chart row i's place among them.
    const SweepRecording recording = sweep_recording(
        keys,
        std::vector<std::string>{"asean_alignment", "alignment", "zone_tension", "credibility", "bloc_trade_share",
                                 "bloc_sector_trade_share", "gdp", "exports", "imports", "tension", "trade",
                                 "visitors"},
        {});
    // The rows of the effects the dashboard lists: every ranked indicator but the ones by pair of
    // agents (trade_share, tie_level: n(n-1) rows each), except tension, whose pairs are the
    // zones' claimants and rivals.
    SweepCharts c;
    std::vector<std::size_t> effect_at;
    for (std::size_t i = 0; i < recording.rows.size(); ++i) {
        const RowKey& key = keys[recording.rows[i]];
        if (!key.sector.empty() || !effect_scale(key.indicator)) continue;
        if (!key.partner.empty() && key.indicator != "tension" && key.indicator != "bloc_trade_share") continue;
        c.effect_keys.push_back(key);
        effect_at.push_back(i);
    }
    c.effect_values.resize(design.runs());
    std::vector<std::size_t> at;
    for (std::size_t row : rows)
        at.push_back(static_cast<std::size_t>(std::find(recording.rows.begin(), recording.rows.end(), row) -
                                              recording.rows.begin()));
    const std::size_t recorded = recording.rows.size();
    run_sweep(world, keys, recording, design, 0, design.runs(), threads, [&](const SweepRunResult& r) {
        if (r.error.empty()) {
            for (std::size_t s = 0; s < steps; ++s)
                for (std::size_t i = 0; i < rows.size(); ++i)
                    picked[s * rows.size() + i] = r.values[s * recorded + at[i]];
            block.add(picked);
            std::vector<double>& mine = c.effect_values[r.plan.run_id];
            mine.reserve(steps * effect_at.size());
            for (std::size_t s = 0; s < steps; ++s)
                for (std::size_t i : effect_at) mine.push_back(r.values[s * recorded + i]);
        } else {
            block.add_failure();
        }
        if ((r.plan.run_id + 1) % kDefaultBlockSize == 0 || r.plan.run_id + 1 == design.runs()) {
            stats.merge(block);
            block = SweepStats(rows.size() * steps);
        }
        on_run();
    }, &stop);
    if (stop) throw Cancelled{};
    c.runs = stats.runs();
    c.failed = stats.failed();
    const std::vector<double> qs = {0.05, 0.25, 0.50, 0.75, 0.95};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        ChartSeries cs;
        cs.key = keys[rows[i]];
        for (std::size_t s = 0; s < steps; ++s) {
            const std::size_t row = s * rows.size() + i;
            const RunningStats& m = stats.moments(row);
            cs.mean.push_back(m.count > 0 ? m.mean : std::nan(""));
            const std::vector<double> q = stats.sketch(row).quantiles(qs);
            cs.p05.push_back(q[0]);
            cs.p25.push_back(q[1]);
            cs.p50.push_back(q[2]);
            cs.p75.push_back(q[3]);
            cs.p95.push_back(q[4]);
        }
        c.series.push_back(std::move(cs));
    }
    return c;
}

}  // namespace

DashboardApi::DashboardApi(fs::path library, int threads, std::uint64_t max_run_quarters)
    : library_(std::move(library)), scenarios_(library_), threads_(threads), max_run_quarters_(max_run_quarters) {}

DashboardApi::~DashboardApi() { wait(); }

void DashboardApi::cancel() {
    cancel_ = true;
    stop_ = true;
}

void DashboardApi::wait() {
    // The pool answers what is queued, then stops; later requests are refused 503.
    pool_.stop();
    // Each worker joins the one before it, so the last one started is the one to wait for; it
    // takes the lock when it ends, so it is joined outside it.
    std::thread last;
    {
        std::lock_guard lock(mutex_);
        last = std::move(worker_);
    }
    if (last.joinable()) last.join();
}

void DashboardApi::handle(const HttpRequest& req, std::function<void(HttpResponse)> reply) {
    const std::string path = req.target.substr(0, req.target.find('?'));
    const std::string query = path.size() < req.target.size() ? req.target.substr(path.size() + 1) : "";
    const bool post = req.method == "POST";
    auto only = [&](bool want_post) {
        if (post == want_post) return false;
        reply(json_error(405, path + " takes " + (want_post ? "POST" : "GET")));
        return true;
    };
    try {
        if (workshop_ && Workshop::owns(req.target))
            return offload(workshop_pool_, kWorkshopWaiting, "for workshop sessions", [this, req] { return workshop_->handle(req); }, std::move(reply));
        if (path == "/api/sweep" || path == "/api/run") {
            if (only(true)) return;
            // ?replace=true: the facilitator's newer request cancels the sweep or run in progress.
            if (!query.empty() && query != "replace=true")
                throw InputError({"request"}, "", "unknown query '" + query + "'; the only one is replace=true");
            if (path == "/api/sweep")
                return start("sweep", query == "replace=true", [this, body = req.body] { return sweep(body); },
                             std::move(reply));
            return start("run", query == "replace=true", [this, body = req.body] { return single_run(body); },
                         std::move(reply));
        }
        if (path == "/api/scenario-yaml") {
            if (only(true)) return;
            return offload([this, body = req.body] { return scenario_yaml(body); }, std::move(reply));
        }
        if (post) return reply(json_error(path.rfind("/api/", 0) == 0 && path != "/api/" ? 405 : 404,
                                          "no POST endpoint " + path));
        if (path == "/api/scenarios") return offload([this] { return library_json(); }, std::move(reply));
        reply(get(path));
    } catch (const InputError& e) {
        reply(json_error(400, e.what()));
    }
}

void DashboardApi::start(const char* what, bool replace, std::function<HttpResponse()> work,
                         std::function<void(HttpResponse)> reply) {
    std::lock_guard lock(mutex_);
    if (cancel_) {
        reply(json_error(503, "geosim serve is stopping; no new " + std::string(what) + " is started"));
        return;
    }
    if (busy_ && !replace) {
        reply(json_error(429, "busy: a " + busy_what_ + " is running (" + std::to_string(done_.load()) + " of " +
                                  std::to_string(total_.load()) + " runs done); try again when it has finished"));
        return;
    }
    // The work in progress, if any, stops after its runs in flight; this one starts once it has
    // (its worker joins the one before, off the I/O thread). One started after this one replaces
    // it in turn, even before it starts.
    if (busy_) stop_ = true;
    busy_ = true;
    const std::uint64_t mine = ++generation_;
    std::thread previous = std::move(worker_);
    worker_ = std::thread([this, mine, what = std::string(what), previous = std::move(previous),
                           work = std::move(work), reply = std::move(reply)]() mutable {
        if (previous.joinable()) previous.join();
        {
            std::lock_guard lock(mutex_);
            if (mine != generation_) {
                reply(json_error(409, "replaced by a newer request: the " + what + " was cancelled before it started"));
                return;
            }
            stop_ = cancel_.load();
            busy_what_ = what;
            done_ = 0;
            total_ = 0;
        }
        HttpResponse res;
        try {
            res = work();
        } catch (const InputError& e) {
            res = json_error(400, e.what());
        } catch (const Cancelled&) {
            const std::string progress = " was cancelled (" + std::to_string(done_.load()) + " of " +
                                         std::to_string(total_.load()) + " runs done)";
            res = cancel_ ? json_error(503, "geosim serve is stopping: the " + what + progress)
                          : json_error(409, "replaced by a newer request: the " + what + progress);
        } catch (const std::exception& e) {
            res = json_error(500, std::string("internal error: ") + e.what());
        }
        {
            std::lock_guard lock(mutex_);
            if (mine == generation_) busy_ = false;
        }
        reply(std::move(res));
    });
}

void DashboardApi::offload(std::function<HttpResponse()> work, std::function<void(HttpResponse)> reply) {
    offload(pool_, kPoolWaiting, "to read or compile scenarios", std::move(work), std::move(reply));
}

void DashboardApi::offload(TaskPool& pool, std::size_t waiting, const char* what, std::function<HttpResponse()> work,
                           std::function<void(HttpResponse)> reply) {
    // `reply` is shared so that it is still here to refuse the request when the pool is full.
    auto answer = std::make_shared<std::function<void(HttpResponse)>>(std::move(reply));
    const bool queued = pool.submit([work = std::move(work), answer] {
        HttpResponse res;
        try {
            res = work();
        } catch (const InputError& e) {
            res = json_error(400, e.what());
        } catch (const std::exception& e) {
            res = json_error(500, std::string("internal error: ") + e.what());
        }
        (*answer)(std::move(res));
    });
    if (queued) return;
    if (cancel_) return (*answer)(json_error(503, "geosim serve is stopping; no new request is started"));
    (*answer)(json_error(429, "busy: " + std::to_string(waiting) +
                                  " requests are already waiting " + what + "; try again in a moment"));
}

HttpResponse DashboardApi::library_json() {
    std::ostringstream out;
    JsonWriter json(out, true);
    json.begin_object().key("scenarios").begin_array();
    for (const LibraryScenario& s : scenarios_.scenarios()) {
        json.begin_object().key("name").string(s.name).key("file").string(s.file).key("seed").string(s.seed);
        json.key("description").string(s.description);
        const auto [senders, targets] = parties(s);
        write_ids(json, "senders", senders);
        write_ids(json, "targets", targets);
        json.key("shocks").begin_array();
        for (const ShockInfo& shock : s.shocks) {
            json.begin_object().key("name").string(shock.name).key("kind").string(shock.kind);
            json.key("after").string(shock.after).key("fields").begin_array();
            for (const EditableField& f : shock.fields)
                json.begin_object().key("path").string(f.path).key("value").string(f.value)
                    .key("type").string(kFieldTypes[static_cast<int>(f.type)]).end_object();
            json.end_array().end_object();
        }
        json.end_array().end_object();
    }
    json.end_array().end_object();
    return ok_json(out.str());
}

HttpResponse DashboardApi::get(const std::string& path) const {
    // Only the embedded assets, by exact name: no path from a request reaches the file system.
    const std::string prefix = "/assets/";
    const bool page = path == "/" || path == "/workshop" || path == "/delegation";
    const std::optional<WebAsset> asset = path == "/"           ? web_asset("dashboard.html")
                                          : path == "/workshop"   ? web_asset("workshop.html")
                                          : path == "/delegation" ? web_asset("delegation.html")
                                          : path.rfind(prefix, 0) == 0 ? web_asset(path.substr(prefix.size()))
                                                                       : std::nullopt;
    if (asset) {
        HttpResponse res{200, std::string(asset->content_type), std::string(asset->bytes)};
        // The page runs only the server's own scripts and talks only to it.
        if (page)
            res.headers.emplace_back("Content-Security-Policy",
                                     "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
                                     "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        return res;
    }
    if (path == "/api/status") return status();
    return json_error(404, "not found");
}

std::pair<std::vector<std::string>, std::vector<std::string>> DashboardApi::parties(const LibraryScenario& s) const {
    const std::string text = edited_scenario(library_, s, std::nullopt);
    {
        std::lock_guard lock(focus_mutex_);
        if (const auto it = focus_cache_.find(text); it != focus_cache_.end()) return it->second;
    }
    // A file that loads but does not compile is listed with no senders or targets; its sweep
    // request gets the located error.
    std::pair<std::vector<std::string>, std::vector<std::string>> found;
    try {
        found = shock_parties(compile(load_scenario_text(text, s.file, library_.string())));
    } catch (const InputError&) {
    }
    std::lock_guard lock(focus_mutex_);
    if (focus_cache_.size() >= 64) focus_cache_.clear();
    focus_cache_.emplace(text, found);
    return found;
}

std::shared_ptr<const SweepCharts> DashboardApi::remembered(const std::string& key) const {
    const auto it = baseline_cache_.find(key);
    return it == baseline_cache_.end() ? nullptr : it->second;
}

void DashboardApi::remember(const std::string& key, std::shared_ptr<const SweepCharts> charts) {
    if (baseline_cache_.size() >= 8) baseline_cache_.clear();
    baseline_cache_.emplace(key, std::move(charts));
}

HttpResponse DashboardApi::status() const {
    std::ostringstream out;
    JsonWriter json(out, true);
    json.begin_object().key("busy").boolean(busy_).key("done").integer(done_.load()).key("total").integer(total_.load());
    json.end_object();
    return ok_json(out.str());
}

HttpResponse DashboardApi::sweep(const std::string& body) {
    const auto t0 = std::chrono::steady_clock::now();
    const InputNode req = parse_request(body, {"scenario", "yaml", "shocks", "runs", "seed", "baseline", "focus"});
    const Chosen chosen = choose(scenarios_, req);
    ScenarioSpec spec = load_chosen(library_, chosen);
    if (auto seed = req.get("seed")) spec.seed = static_cast<std::uint64_t>(json_int(*seed, 0, 1LL << 53));
    const bool with_baseline = req.get("baseline") && json_bool(req.at("baseline"));
    const World world = compile(spec);
    const Focus focus = request_focus(world, req);
    const SweepSpec sw = spec.sweep.value_or(SweepSpec{});
    const Design kind = parse_design(sw.design);
    std::uint64_t runs = static_cast<std::uint64_t>(kDefaultRuns);
    if (auto r = req.get("runs")) runs = static_cast<std::uint64_t>(json_int(*r, 1, kMaxRuns));
    else if (kind == Design::Grid) runs = 0;
    // A run count the design refuses (a sobol scenario's runs must be a multiple of k + 2) is
    // named as the request's `runs`, or as the default when the request has none.
    DesignSource source = design_source(spec, true, false);
    source.runs_path = "runs";
    if (auto r = req.get("runs")) source.runs_where = r->location();
    else source.runs_path = "runs (default " + std::to_string(kDefaultRuns) + ")";
    const SweepDesign design(kind, sw.parameters, runs, spec.seed, source);
    if (design.runs() > static_cast<std::uint64_t>(kMaxRuns))
        req.fail("the scenario's grid has " + std::to_string(design.runs()) + " points, over the limit of " +
                 std::to_string(kMaxRuns) + " runs per request");
    const std::uint64_t quarters = static_cast<std::uint64_t>(spec.horizon);
    if (design.runs() * quarters > max_run_quarters_) {
        const std::string what = std::to_string(design.runs()) + " runs x " + std::to_string(quarters) +
                                 " quarters = " + std::to_string(design.runs() * quarters) +
                                 " run-quarters, over the limit of " + std::to_string(max_run_quarters_) +
                                 " per request; ask for fewer runs or a shorter horizon";
        if (auto r = req.get("runs")) r->fail(what);
        req.fail(what);
    }

    // The baseline with the same seed and runs (common random numbers), computed once per
    // baseline text, seed, number of runs and focus: a workshop compares many edits with one
    // baseline. A sweep of the library's baseline itself (given the scenario's focus) fills the
    // same memory, so the dashboard can sweep it ahead while the facilitator edits shocks.
    auto key = [&](const std::string& text) {
        return text + "\n# seed " + std::to_string(spec.seed) + " runs " + std::to_string(design.runs()) + " " +
               focus.key();
    };
    const bool is_baseline = req.has("scenario") && !req.has("shocks") && !spec.sweep &&
                             req.at("scenario").as_string() == "baseline";
    std::shared_ptr<const SweepCharts> charts;
    if (is_baseline) charts = remembered(key(chosen.text));
    std::shared_ptr<const SweepCharts> base;
    std::optional<ScenarioSpec> base_spec;
    std::string base_key;
    if (with_baseline) {
        for (const LibraryScenario& s : scenarios_.scenarios()) {
            if (s.name != "baseline") continue;
            const std::string text = edited_scenario(library_, s, std::nullopt);
            base_spec = load_scenario_text(text, s.file, library_.string());
            base_key = key(text);
        }
        if (!base_spec) req.at("baseline").fail("the library has no scenario named 'baseline' to compare with");
        base_spec->seed = spec.seed;
        base = remembered(base_key);
    }
    total_ = (charts ? 0 : design.runs()) + (base_spec && !base ? design.runs() : 0);
    if (!charts) {
        charts = std::make_shared<const SweepCharts>(
            sweep_charts(world, design, focus, threads_, [this] { ++done_; }, stop_));
        if (is_baseline) remember(key(chosen.text), charts);
    }
    if (base_spec && !base) {
        const World base_world = compile(*base_spec);
        const SweepDesign base_design(Design::Mc, {}, design.runs(), spec.seed, source);
        base = std::make_shared<const SweepCharts>(
            sweep_charts(base_world, base_design, focus, threads_, [this] { ++done_; }, stop_));
        remember(base_key, base);
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    std::ostringstream out;
    JsonWriter json(out, true);
    json.begin_object().key("scenario").string(spec.name).key("runs").integer(design.runs());
    json.key("failed").integer(charts->failed).key("seed").integer(spec.seed).key("design").string(design_name(kind));
    json.key("threads").integer(threads_).key("seconds").number(wall);
    json.key("focus").begin_object();
    write_ids(json, "senders", focus.senders);
    write_ids(json, "targets", focus.targets);
    write_ids(json, "economies", focus.economies);
    write_ids(json, "partners", focus.partners);
    json.end_object();
    write_dates(json, world);
    write_charts(json, *charts);
    if (base) {
        json.key("baseline").begin_object().key("failed").integer(base->failed);
        write_charts(json, *base);
        json.end_object();
        write_effects(json, world, *charts, *base);
    } else {
        json.key("baseline").null().key("effects").begin_array().end_array();
    }
    json.end_object();
    return bounded_answer(out.str());
}

HttpResponse DashboardApi::single_run(const std::string& body) {
    const InputNode req = parse_request(body, {"scenario", "yaml", "shocks", "run", "seed"});
    const Chosen chosen = choose(scenarios_, req);
    ScenarioSpec spec = load_chosen(library_, chosen);
    if (auto seed = req.get("seed")) spec.seed = static_cast<std::uint64_t>(json_int(*seed, 0, 1LL << 53));
    const World world = compile(spec);
    RunPlan plan;
    plan.seed = world.seed;
    if (auto r = req.get("run")) plan.run_id = static_cast<std::uint64_t>(json_int(*r, 0, 1LL << 53));
    const std::vector<RowKey> keys = row_keys(world);
    const std::vector<std::size_t> rows = chart_rows(world, keys, Focus{});
    RunRecorder rec(rows);
    run(world, plan, rec);

    auto id = [&](int agent) { return agent < 0 ? std::string() : world.agents[static_cast<std::size_t>(agent)].id; };
    std::ostringstream out;
    JsonWriter json(out, true);
    json.begin_object().key("scenario").string(spec.name).key("seed").integer(plan.seed).key("run").integer(plan.run_id);
    write_dates(json, world);
    json.key("series").begin_array();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        json.begin_object();
        write_key(json, keys[rows[i]]);
        write_numbers(json, "values", rec.values()[i]);
        json.end_object();
    }
    json.end_array().key("events").begin_array();
    for (const auto& [step, e] : rec.events()) {
        json.begin_object().key("step").integer(step).key("date").string(format_quarter(world.start + step));
        json.key("kind").string(e.kind).key("agent").string(id(e.agent)).key("partner").string(id(e.partner));
        json.key("detail").string(e.detail).end_object();
    }
    json.end_array().end_object();
    return bounded_answer(out.str());
}

HttpResponse DashboardApi::scenario_yaml(const std::string& body) {
    const InputNode req = parse_request(body, {"scenario", "shocks"});
    const Chosen chosen = choose(scenarios_, req);
    // The same checks as `geosim validate`: what the dashboard hands out runs.
    const ScenarioSpec spec = load_chosen(library_, chosen);
    compile(spec);
    std::ostringstream out;
    JsonWriter json(out, true);
    json.begin_object().key("name").string(spec.name).key("file_name").string(spec.name + ".yaml");
    json.key("yaml").string(chosen.text).end_object();
    return ok_json(out.str());
}

}  // namespace geosim::cli
