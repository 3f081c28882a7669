#include "engine/input/yaml_guard.hpp"

#include <algorithm>
#include <sstream>
#include <unordered_map>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

namespace geosim {

namespace {

enum class Kind { null, scalar, list, map };

std::string describe(Kind kind) {
    switch (kind) {
        case Kind::null: return "nothing";
        case Kind::scalar: return "text";
        case Kind::list: return "a list";
        case Kind::map: return "a map";
    }
    return {};
}

std::string join_path(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
}

// What an alias needs to know about the node its anchor names.
struct Anchor {
    std::string name;
    Kind kind = Kind::null;
    bool open = true;        // still being read, so an alias to it now would be a cycle
    std::size_t nodes = 1;   // nodes it stands for, its own aliases expanded
    int height = 0;          // levels of maps and lists in it, itself included
    std::string text;        // a scalar's text, for when an alias serves as a key
};

// A map or list being read.
struct Frame {
    Kind kind = Kind::map;
    YAML::anchor_t anchor = 0;
    std::size_t nodes_before = 0;  // node count before this collection began
    std::string path;
    int height_below = 0;      // height of the deepest child so far
    std::size_t next_index = 0;
    // Maps alternate key and value; keys seen so far map to the line they first appeared on.
    bool expect_key = true;
    std::string key;
    std::unordered_map<std::string, int> keys;
};

class Guard final : public YAML::EventHandler {
public:
    Guard(std::string_view text, const std::string& file, const InputLimits& limits)
        : text_(text), file_(file), limits_(limits) {}

    void OnDocumentStart(const YAML::Mark& mark) override {
        if (documents_++ == 0) return;
        const std::string_view rest = text_.substr(std::min<std::size_t>(mark.pos, text_.size()));
        if (rest.starts_with("---") || rest.empty())
            fail(mark, "", "a second document starts here; a file holds one document");
        // yaml-cpp 0.7 answers a token that cannot start a node (a stray ',' or '?') with an
        // empty document that leaves the token unread, then the same again, forever.
        fail(mark, "", "unexpected '" + std::string(first_character(rest)) + "'");
    }
    void OnDocumentEnd() override {}

    void OnAnchor(const YAML::Mark&, const std::string& name) override { anchor_name_ = name; }

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        leaf(mark, anchor, Kind::null, {});
    }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  const std::string& value) override {
        leaf(mark, anchor, Kind::scalar, value);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(mark, anchor, Kind::list);
    }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(mark, anchor, Kind::map);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapEnd() override { close(); }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        // yaml-cpp has already refused aliases to anchors not yet defined.
        const Anchor& target = anchors_[anchor];
        const std::string path = enter(mark, target.kind, target.text);
        const std::string alias = "alias '*" + target.name + "'";
        if (target.open) fail(mark, path, alias + " refers to a node that contains it");
        if (++aliases_ > limits_.max_aliases)
            fail(mark, path, "more than " + std::to_string(limits_.max_aliases) + " aliases");
        if (static_cast<int>(stack_.size()) + target.height > limits_.max_depth)
            fail(mark, path, too_deep_message(limits_.max_depth));
        if (nodes_ + target.nodes > limits_.max_nodes)
            fail(mark, path, alias + " expands the document to " +
                                 too_many_nodes_message(limits_.max_nodes));
        nodes_ += target.nodes;
        note_child_height(target.height);
    }

private:
    static std::string_view first_character(std::string_view text) {
        std::size_t length = text.empty() ? 0 : 1;
        while (length < text.size() && (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80)
            ++length;
        return text.substr(0, length);
    }

    [[noreturn]] void fail(const YAML::Mark& mark, const std::string& path,
                           const std::string& message) const {
        throw InputError(Location{file_, mark.line + 1, mark.column + 1}, path, message);
    }

    // Places a new node in its parent and returns the node's path; checks it if it is a key.
    std::string enter(const YAML::Mark& mark, Kind kind, const std::string& text) {
        if (stack_.empty()) return {};
        Frame& parent = stack_.back();
        if (parent.kind == Kind::list)
            return parent.path + "[" + std::to_string(parent.next_index++) + "]";
        if (!parent.expect_key) {
            parent.expect_key = true;
            return join_path(parent.path, parent.key);
        }
        // A key's own errors belong to its map.
        if (kind != Kind::scalar) fail(mark, parent.path, "a key must be text, got " + describe(kind));
        const auto [first, inserted] = parent.keys.emplace(text, mark.line + 1);
        if (!inserted)
            fail(mark, parent.path, "duplicate key '" + text + "' (first defined at line " +
                                        std::to_string(first->second) + ")");
        parent.key = text;
        parent.expect_key = false;
        return parent.path;
    }

    void count_node(const YAML::Mark& mark, const std::string& path) {
        if (++nodes_ > limits_.max_nodes) fail(mark, path, too_many_nodes_message(limits_.max_nodes));
    }

    Anchor& define(YAML::anchor_t anchor, Kind kind) {
        // yaml-cpp numbers anchors 1, 2, 3... in order of definition.
        if (anchors_.size() <= anchor) anchors_.resize(anchor + 1);
        Anchor& a = anchors_[anchor];
        a = Anchor{};
        a.name = anchor_name_;
        a.kind = kind;
        return a;
    }

    void note_child_height(int height) {
        if (!stack_.empty()) stack_.back().height_below = std::max(stack_.back().height_below, height);
    }

    void leaf(const YAML::Mark& mark, YAML::anchor_t anchor, Kind kind, const std::string& text) {
        const std::string path = enter(mark, kind, text);
        count_node(mark, path);
        if (anchor == 0) return;
        Anchor& a = define(anchor, kind);
        a.open = false;
        a.text = text;
    }

    void open(const YAML::Mark& mark, YAML::anchor_t anchor, Kind kind) {
        std::string path = enter(mark, kind, {});
        if (static_cast<int>(stack_.size()) >= limits_.max_depth)
            fail(mark, path, too_deep_message(limits_.max_depth));
        count_node(mark, path);
        if (anchor != 0) define(anchor, kind);
        Frame& frame = stack_.emplace_back();
        frame.kind = kind;
        frame.anchor = anchor;
        frame.nodes_before = nodes_ - 1;
        frame.path = std::move(path);
    }

    void close() {
        const Frame& frame = stack_.back();
        const int height = frame.height_below + 1;
        if (frame.anchor != 0) {
            Anchor& a = anchors_[frame.anchor];
            a.open = false;
            a.nodes = nodes_ - frame.nodes_before;
            a.height = height;
        }
        stack_.pop_back();
        note_child_height(height);
    }

    std::string_view text_;
    const std::string& file_;
    const InputLimits& limits_;
    int documents_ = 0;
    std::size_t nodes_ = 0;
    std::size_t aliases_ = 0;
    std::string anchor_name_;
    std::vector<Anchor> anchors_;
    std::vector<Frame> stack_;
};

}  // namespace

std::string too_deep_message(int max_depth) {
    return "nested more than " + std::to_string(max_depth) + " levels deep";
}

std::string too_many_nodes_message(std::size_t max_nodes) {
    return "more than " + std::to_string(max_nodes) + " nodes";
}

void check_yaml_events(std::string_view text, const std::string& file, const InputLimits& limits) {
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    Guard guard(text, file, limits);
    // The guard refuses any second document as it starts, so the second call only looks.
    if (parser.HandleNextDocument(guard)) parser.HandleNextDocument(guard);
}

}  // namespace geosim
