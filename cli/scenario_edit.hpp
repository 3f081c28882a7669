#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/input/input.hpp"

namespace geosim::cli {

// A number or date of a shock that the dashboard lets a facilitator move, e.g. "duration",
// "at", "tax.uniform[1]", "outcomes[0].probability".
struct EditableField {
    std::string path;   // inside the shock's map
    std::string value;  // as written in the file
    // A number; a quarter, 2027Q1; or a date, a quarter or a day such as 2027-05-17 (the shock's
    // `at` and `until`). Named as the API gives it (docs/http-api.md).
    enum class Type { Number, Quarter, Date };
    Type type = Type::Number;
};

struct ShockInfo {
    std::string name;
    std::string kind;
    std::string after;  // the shock it follows (`after:`), empty if none
    std::vector<EditableField> fields;
};

// Values of a JSON request body, which the YAML reader also reads: these accept only JSON's
// own number, integer and boolean forms, so `"3"` (a string) or `0x10` is refused with a
// located message rather than read as a number.
double json_number(const InputNode& node);
long long json_int(const InputNode& node, long long lo, long long hi);
bool json_bool(const InputNode& node);

// A scenario of the library as the dashboard lists it.
struct LibraryScenario {
    std::string name;  // the scenario's name (its `name:`), which requests use
    std::string file;  // file name inside the library folder
    std::string description;
    std::string seed;  // as written
    std::vector<ShockInfo> shocks;
};

// The scenarios of `folder`: every *.yaml directly inside it, by file name, read with the
// CLI's checks. Files that are not scenarios (no `shocks`/`world` keys) or do not load are
// left out.
std::vector<LibraryScenario> list_library(const std::filesystem::path& folder);

// list_library's answer kept between calls: a file is read again only when its stamp (its
// modification time and size) changed since it was last read, or it is new; a file that is gone is
// dropped. Listing an unchanged library then costs a scan of the folder and a stat per file.
// Safe to use from several threads at once.
class ScenarioLibrary {
public:
    explicit ScenarioLibrary(std::filesystem::path folder);
    const std::filesystem::path& folder() const { return folder_; }
    std::vector<LibraryScenario> scenarios();
    // How many times a file has been read and parsed (each file once while it does not change).
    std::uint64_t files_read() const;

private:
    struct Entry {
        std::filesystem::file_time_type mtime;
        std::uintmax_t size = 0;
        std::optional<LibraryScenario> scenario;  // none: not a scenario, or it does not load
    };
    std::filesystem::path folder_;
    mutable std::mutex mutex_;
    std::map<std::filesystem::path, Entry> entries_;
    std::uint64_t reads_ = 0;
};

// The text of the library's scenario `file` with the edits of a request's `shocks` map applied:
// {"<shock>": {"enabled": false}} drops a shock and every shock that follows it (`after:`);
// {"<shock>": {"values": {"<field path>": value}}} sets an editable field (a number, or a date
// for date fields). A bad edit is a located InputError in the request. The world and included
// files stay as the library names them (relative to its folder, where the text belongs); a
// comment at the top says what was changed and where to save it. With no edits the scenario keeps its name, otherwise "_edited" is added.
std::string edited_scenario(const std::filesystem::path& folder, const LibraryScenario& scenario,
                            const std::optional<InputNode>& edits);

}  // namespace geosim::cli
