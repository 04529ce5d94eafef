// XmlBulkChildren: the fast lane of XmlStream for one long list of small
// elements (a worksheet's <sheetData> rows, a pivot cache's records).
//
// expat calls back for every tag and every piece of text, and on a sheet of
// a million cells those callbacks cost six times the inflate. Here the bytes
// between <parent> and </parent> are cut after the last complete </child>,
// each run is parsed whole (by PlainRun when it holds only plain elements,
// text and references, else by pugixml: a DOM of at most `max_run_bytes`,
// then dropped) and replayed to the handler as the very same start / text /
// end events. Everything outside the parent still goes through expat, so a
// DOCTYPE is still refused before any byte of the part reaches pugixml, and
// pugixml never expands an entity (only the five predefined ones and
// character references).
//
// When the parent's start tag is never seen in UTF-8 bytes (another encoding,
// a 100-character prefix), every byte goes to expat: slower, same events.
//
// The child may also occur inside other children (<w:p> in a table under
// <w:body>): a cut that falls inside one does not parse whole, so the lane
// waits for more bytes; an element larger than a run sends the rest of the
// part to expat.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "formats/xml_plain_run.hpp"
#include "formats/xml_stream.hpp"

namespace pugi {
class xml_document;
}

namespace foiguard::formats {

// A run is cut after every fed chunk (256 KiB from a zip), so only one huge
// child makes a long run. pugixml spends at most 64 bytes of DOM per 4 bytes
// of input (<a/>), so the cap bounds the DOM at 64 MiB.
struct XmlBulkLimits {
  std::size_t max_run_bytes = std::size_t{4} << 20;
  // Try each run with PlainRun (xml_plain_run.hpp) before pugixml. Off, every
  // run goes to pugixml: the tests compare the two.
  bool plain_runs = true;
};

class XmlBulkChildren {
 public:
  // `to_expat` receives every byte outside the parent element; `outer_depth`
  // is expat's current depth, so the nesting limit holds across both lanes.
  XmlBulkChildren(std::string_view parent, std::string_view child, XmlHandler& handler,
                  std::function<void(std::string_view)> to_expat, const std::size_t& outer_depth,
                  std::string part, std::size_t max_depth, XmlBulkLimits limits = {});

  void feed(std::string_view chunk);
  // Hands what is held back to expat (whose finish then reports a part cut
  // off inside the parent).
  void finish();

 private:
  enum class Phase { before, inside, after };
  void find_parent_start();
  void take_runs();
  void parse_run(std::size_t length);
  // Parses pending_[0, length) as whole elements, replays them and drops
  // them. When the run is not whole (a cut inside an element that holds
  // children, or malformed XML), nothing is consumed and pugixml's reason is
  // returned; nullptr on success.
  const char* try_run(std::size_t length);
  void replay(const pugi::xml_document& doc);
  void check_run_size(std::size_t bytes) const;
  [[noreturn]] void refuse(std::string_view why) const;

  std::string parent_, child_;
  XmlHandler& handler_;
  std::function<void(std::string_view)> to_expat_;
  std::string part_;
  const std::size_t& outer_depth_;
  std::size_t max_depth_;
  XmlBulkLimits limits_;
  Phase phase_ = Phase::before;
  std::string pending_;        // bytes not yet routed
  std::string close_parent_;   // "</x:sheetData"
  std::string close_child_;    // "</x:row>"
  std::size_t searched_ = 0;   // pending_ before this holds no close_parent_
  std::size_t failed_cut_ = 0; // a cut that did not parse whole; only later cuts are tried
  std::string run_copy_;       // what try_run parses
  PlainRun plain_;
  std::string parent_name_;    // the parent's name as written ("x:sheetData")
  std::size_t depth_ = 0;      // depth of the parent element
};

}  // namespace foiguard::formats
