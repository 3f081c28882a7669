#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace geosim {

// Where in an input file something was found. Lines and columns count from 1; 0 means unknown.
struct Location {
    std::string file;
    int line = 0;
    int column = 0;
};

// Bad input: a file the user wrote is wrong. The CLI prints what() and exits with code 2.
// what() reads "file:line:column: path: message", e.g.
// "scenarios/x.yaml:12:5: shocks[2].target: unknown agent 'KRR' (did you mean 'KOR'?)".
class InputError : public std::runtime_error {
public:
    InputError(Location where, std::string path, std::string message);
    const Location& where() const { return where_; }
    const std::string& path() const { return path_; }
    const std::string& message() const { return message_; }

private:
    Location where_;
    std::string path_;
    std::string message_;
};

// A run left the model's range: some indicator came out infinite or not a number (parameters
// that together drive GDP to overflow, say). Not a bug and not bad syntax: the CLI prints
// "geosim COMMAND: what()" and exits with code 3, as a sweep with failed runs does. what()
// reads e.g. "run 0 (seed 7) failed: value inf of gdp_growth(BRN) at step 40 (2035Q1)".
class RunFailed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A file or folder a command needs cannot be used: unwritable, on a full disk, damaged, or in
// use by another process. The user's or the system's problem, not a bug: the CLI prints
// "geosim COMMAND: what()" and exits with code 2. The message names the file and, for a failed
// system call, the system's reason (strerror).
class IoError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The IoError of a file that could not be written: "cannot write 'FILE': REASON", the reason
// being what errno says (a full disk, a quota, a file system gone read-only).
IoError write_error(const std::string& file);

// Formats a location as "file:line:column" (omitting unknown parts).
std::string format_location(const Location& where);

// The closest candidate within a small edit distance, or "" when none is close enough.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" when nothing is close.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace geosim
