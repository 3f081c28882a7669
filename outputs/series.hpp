#pragma once
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "engine/run/runner.hpp"
#include "engine/run/scenario.hpp"
#include "outputs/csv.hpp"

namespace geosim {

// Writes one run's quarters into `dir` as they happen: series.csv (every indicator of every
// quarter), events.csv (what happened), and the tie network at the start and at the horizon
// (ties-<date>.graphml). Rows go straight to buffered files, so memory does not grow with the
// length of the run. Call finish() after the run: it flushes and reports any write error.
class SeriesWriter : public Observer {
public:
    // Opens the CSV files the scenario asks for and writes their headers; throws
    // std::runtime_error naming the file when one cannot be opened.
    SeriesWriter(const std::filesystem::path& dir, std::uint64_t run_id,
                 const OutputSpec& outputs = {});

    // Throws std::runtime_error naming the file when a write fails (a full disk, say), so a
    // long run stops at the first lost row rather than at its end.
    void observe(const World& world, const State& state) override;

    // Flushes and closes the files; throws std::runtime_error naming the file on a stream error.
    // Call it once, after the last observe().
    void finish();

private:
    std::filesystem::path dir_;
    std::uint64_t run_id_;
    OutputSpec outputs_;
    std::ofstream series_;
    std::ofstream events_;
    CsvWriter series_csv_{series_};
    CsvWriter events_csv_{events_};
};

}  // namespace geosim
