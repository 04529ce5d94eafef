// The HTML report, over reports from real scans of fixtures: escaping,
// self-containment, streaming, the row cap and the summary's counts (C++
// only); then what a real browser shows: headless Chromium loads the page
// with a filter in the URL fragment, its script runs, and the test reads the
// DOM Chromium dumps.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <sstream>

#include "foiguard/report.hpp"
#include "formats_collect.hpp"
#include "test_support.hpp"

namespace foiguard {
namespace {

constexpr const char* kClean = "examples/officer-numbers-by-rank.csv";
constexpr const char* kBlock = "examples/staff-summary-with-hidden-sheet.xlsx";
constexpr const char* kReview = "tests/data/xlsx/metadata.xlsx";
constexpr const char* kError = "tests/data/xlsx/truncated.xlsx";

FileReport scan_fixture(const std::string& relative, ScanOptions options = {}) {
  const std::string bytes = testing::read_file(testing::source_path(relative));
  return Scanner(testing::builtin_detector(), options).scan_bytes(relative, bytes);
}

// One file of each verdict, in path order as the CLI reports them.
const std::vector<FileReport>& fixture_reports() {
  static const std::vector<FileReport> reports = {scan_fixture(kClean), scan_fixture(kBlock), scan_fixture(kReview),
                                                  scan_fixture(kError)};
  return reports;
}

std::string render(const std::vector<FileReport>& files, const ReportOptions& options = {}) {
  std::ostringstream out;
  const auto writer = make_html_writer(out, options);
  for (const auto& f : files) writer->file(f);
  writer->end(summarize(files));
  return out.str();
}

std::size_t count(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

// The text of the element with id `id`, up to its first child tag.
std::string text_of(const std::string& html, const std::string& id) {
  const auto at = html.find("id=\"" + id + "\"");
  if (at == std::string::npos) return "<no element #" + id + ">";
  const auto open = html.find('>', at) + 1;
  return html.substr(open, html.find('<', open) - open);
}

// An opening tag: its name, attributes (entities left as written) and where it starts.
struct Tag {
  std::size_t offset = 0;
  std::map<std::string, std::string> attrs;
  bool has(const std::string& name) const { return attrs.count(name) != 0; }
  std::string attr(const std::string& name) const {
    const auto it = attrs.find(name);
    return it == attrs.end() ? "" : it->second;
  }
};

// Every <name ...> tag in serialized HTML (Chromium writes attribute values in
// double quotes with '"' as &quot;, so a quote always ends a value).
std::vector<Tag> tags(const std::string& html, const std::string& name) {
  std::vector<Tag> out;
  const std::string open = "<" + name;
  for (auto at = html.find(open); at != std::string::npos; at = html.find(open, at + 1)) {
    std::size_t i = at + open.size();
    if (html[i] != ' ' && html[i] != '>') continue;
    Tag tag;
    tag.offset = at;
    while (i < html.size() && html[i] != '>') {
      while (html[i] == ' ') ++i;
      const std::size_t key_start = i;
      while (i < html.size() && html[i] != '=' && html[i] != ' ' && html[i] != '>') ++i;
      std::string key = html.substr(key_start, i - key_start);
      std::string value;
      if (html[i] == '=' && html[i + 1] == '"') {
        const std::size_t end = html.find('"', i + 2);
        value = html.substr(i + 2, end - i - 2);
        i = end + 1;
      }
      if (!key.empty()) tag.attrs[key] = value;
    }
    out.push_back(std::move(tag));
  }
  return out;
}

std::vector<Tag> with_class(const std::vector<Tag>& all, const std::string& cls) {
  std::vector<Tag> out;
  for (const auto& t : all)
    if (t.attr("class") == cls) out.push_back(t);
  return out;
}

std::vector<Tag> file_sections(const std::string& html) { return with_class(tags(html, "section"), "file"); }
std::vector<Tag> finding_rows(const std::string& html) { return with_class(tags(html, "tr"), "finding"); }

std::size_t findings_with(const FileReport& file, Visibility v) {
  return static_cast<std::size_t>(
      std::count_if(file.findings.begin(), file.findings.end(), [v](const Finding& f) { return f.visibility == v; }));
}

TEST(HtmlReport, FixturesHaveOneFileOfEachVerdict) {
  const auto& r = fixture_reports();
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].verdict, Verdict::clean);
  EXPECT_EQ(r[1].verdict, Verdict::block);
  EXPECT_EQ(r[2].verdict, Verdict::review);
  EXPECT_EQ(r[3].verdict, Verdict::error);
  EXPECT_GT(findings_with(r[1], Visibility::hidden_sheet), 0u);
  EXPECT_GT(findings_with(r[1], Visibility::very_hidden_sheet), 0u);
}

TEST(HtmlReport, EscapesHostilePath) {
  const std::string hostile = "drop/<script>alert(\"x\")</script> & 'q'\n\xff.txt";
  const std::string letter = testing::read_file(testing::source_path("examples/foi-response-letter.txt"));
  const FileReport report = testing::scan_bytes(hostile, letter);
  ASSERT_EQ(report.verdict, Verdict::block);
  const std::string html = render({report});
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(count(html, "<script"), 1u);  // the page's own
  EXPECT_EQ(html.find('\xff'), std::string::npos);
  // Escaped where it is shown: the file heading and the look-first list; the
  // newline becomes a visible U+240A and the stray byte U+FFFD.
  const std::string shown =
      "drop/&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;\xE2\x90\x8A\xEF\xBF\xBD.txt";
  EXPECT_EQ(count(html, shown), 2u) << html.substr(0, 200);
}

TEST(HtmlReport, IsSelfContained) {
  const std::string html = render(fixture_reports());
  for (const char* network : {"http://", "https://", "src=", "url(", "@import", "<link", "<img", "<iframe"})
    EXPECT_EQ(html.find(network), std::string::npos) << network;
  EXPECT_NE(html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-"),
            std::string::npos);
  EXPECT_NE(html.find("; script-src 'sha256-"), std::string::npos);
  EXPECT_EQ(html.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(count(html, "<style>"), 1u);
  EXPECT_EQ(count(html, "<script>"), 1u);
  EXPECT_EQ(html.rfind("</html>\n"), html.size() - 8);
}

TEST(HtmlReport, SummaryCountsMatchSummarize) {
  const auto& reports = fixture_reports();
  const ScanSummary s = summarize(reports);
  const std::string html = render(reports);
  EXPECT_EQ(text_of(html, "n-files"), std::to_string(s.files));
  EXPECT_EQ(text_of(html, "n-block"), std::to_string(s.block));
  EXPECT_EQ(text_of(html, "n-review"), std::to_string(s.review));
  EXPECT_EQ(text_of(html, "n-clean"), std::to_string(s.clean));
  EXPECT_EQ(text_of(html, "n-error"), std::to_string(s.error));
  EXPECT_EQ(text_of(html, "n-findings"), std::to_string(s.findings));
  EXPECT_EQ(text_of(html, "n-hidden"), std::to_string(s.hidden_findings));
  EXPECT_EQ(text_of(html, "n-records"), std::to_string(s.records));
  EXPECT_EQ(text_of(html, "n-not-checked"), std::to_string(s.not_checked));
  EXPECT_NE(html.find("data-bytes=\"" + std::to_string(s.bytes) + "\""), std::string::npos);

  // The writer's own running totals agree with summarize(): the hidden rows of
  // the hidden-data table add up to the hidden findings, the categories to all.
  // Adds up one column of a summary table over the rows `keep` accepts.
  const auto column_sum = [&](const std::string& table, std::size_t column, auto keep) {
    std::uint64_t sum = 0;
    const auto start = html.find("<table id=\"" + table + "\"");
    if (start == std::string::npos) return sum;
    const auto stop = html.find("</table>", start);
    for (const auto& row : tags(html.substr(start, stop - start), "tr")) {
      if (!keep(row)) continue;
      std::size_t cell = html.find("<td", start + row.offset);
      for (std::size_t k = 0; k < column; ++k) cell = html.find("<td", cell + 1);
      sum += std::stoull(html.substr(html.find('>', cell) + 1));
    }
    return sum;
  };
  EXPECT_EQ(column_sum("hidden-data", 2, [](const Tag& row) { return row.attr("data-hidden") == "yes"; }),
            s.hidden_findings);
  EXPECT_EQ(column_sum("categories", 1, [](const Tag& row) { return row.has("data-category"); }), s.findings);
  EXPECT_NE(html.find("<tr data-visibility=\"hidden_sheet\" data-hidden=\"yes\"><td>hidden sheet</td><td>yes</td>"
                      "<td class=\"n\">176</td><td class=\"n\">1</td><td class=\"n\">1</td><td class=\"n\">40</td></tr>"),
            std::string::npos);

  // Look first: the BLOCK file, then the REVIEW one; the unreadable file is listed as not checked.
  const auto look = html.find("<ol id=\"look-first\">");
  ASSERT_NE(look, std::string::npos);
  const auto block_at = html.find(kBlock, look), review_at = html.find(kReview, look);
  EXPECT_LT(block_at, review_at);
  EXPECT_LT(review_at, html.find("</ol>", look));
  const auto not_checked = html.find("<ul id=\"not-checked\">");
  ASSERT_NE(not_checked, std::string::npos);
  EXPECT_NE(html.find(std::string("<a href=\"#file-4\">") + kError + "</a>: corrupt or truncated zip", not_checked),
            std::string::npos);
}

TEST(HtmlReport, SectionsCarryTheFilterAttributes) {
  const std::string html = render(fixture_reports());
  const auto sections = file_sections(html);
  ASSERT_EQ(sections.size(), 4u);
  EXPECT_EQ(sections[1].attr("id"), "file-2");
  EXPECT_EQ(sections[1].attr("data-verdict"), "block");
  EXPECT_EQ(sections[1].attr("data-visibilities"), "hidden_sheet very_hidden_sheet");
  EXPECT_NE(sections[1].attr("data-categories").find("pay_number"), std::string::npos);
  EXPECT_EQ(sections[0].attr("data-verdict"), "clean");
  EXPECT_EQ(sections[0].attr("data-categories"), "");
  EXPECT_EQ(sections[3].attr("data-verdict"), "error");
  // Hidden-data badges and the not-checked note.
  EXPECT_NE(html.find("<span class=\"badge place\">hidden sheet &#39;Data&#39;</span> 176 findings, 40 personnel records"),
            std::string::npos);
  EXPECT_NE(html.find("<span class=\"badge place\">very hidden sheet &#39;Lookup&#39;</span>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"badge place\">document properties (docProps/core.xml)</span>"), std::string::npos);
  // Every finding of the BLOCK file is a row (no cap by default), with its visibility.
  const auto rows = finding_rows(html);
  EXPECT_EQ(rows.size(), fixture_reports()[1].findings.size() + fixture_reports()[2].findings.size());
  EXPECT_EQ(rows.front().attr("data-visibility"), "hidden_sheet");
  EXPECT_EQ(rows.back().attr("data-visibility"), "metadata");
  // A location in words, inside the file.
  EXPECT_NE(html.find("<td>xl/worksheets/sheet2.xml: sheet &#39;Data&#39;, cell D2 [Pay No]</td>"), std::string::npos);
}

TEST(HtmlReport, StreamsEachFileAsItComes) {
  std::ostringstream out;
  const auto writer = make_html_writer(out, {});
  EXPECT_TRUE(out.str().empty());
  writer->file(fixture_reports()[1]);
  const std::string after_one = out.str();
  EXPECT_EQ(file_sections(after_one).size(), 1u);
  EXPECT_NE(after_one.find("</section>"), std::string::npos);
  EXPECT_EQ(after_one.find("id=\"summary\""), std::string::npos);
  writer->file(fixture_reports()[2]);
  EXPECT_EQ(file_sections(out.str()).size(), 2u);
  writer->end(summarize({fixture_reports()[1], fixture_reports()[2]}));
  // Written last, shown first: by CSS order, and the script moves it.
  const std::string html = out.str();
  EXPECT_GT(html.find("<section id=\"summary\""), html.find("<section class=\"file\""));
  EXPECT_NE(html.find("#summary { order: 1; }"), std::string::npos);
  EXPECT_NE(html.find("#files { order: 2; }"), std::string::npos);
}

TEST(HtmlReport, CapsRowsAtARecordBoundary) {
  const FileReport& block = fixture_reports()[1];
  ReportOptions options;
  options.human_findings = 7;
  const std::string html = render({block}, options);
  // The cap falls inside a record; the listing runs on to that record's end.
  std::size_t expected = 7;
  while (block.findings[expected].record == block.findings[expected - 1].record) ++expected;
  ASSERT_GT(expected, 7u);
  EXPECT_EQ(finding_rows(html).size(), expected);
  const std::size_t rest = block.findings.size() - expected;
  EXPECT_NE(html.find("data-more=\"" + std::to_string(rest) + "\">+ " + std::to_string(rest) + " more findings not listed here"),
            std::string::npos);
  // The file's data- attributes still cover the findings not listed.
  EXPECT_EQ(file_sections(html)[0].attr("data-visibilities"), "hidden_sheet very_hidden_sheet");
}

TEST(HtmlReport, RawValuesOnlyWhenTheFindingsCarryThem) {
  ScanOptions keep;
  keep.detect.keep_values = true;
  const FileReport with_values = scan_fixture(kBlock, keep);
  std::string raw_pay;
  for (const auto& f : with_values.findings)
    if (f.category == Category::pay_number) raw_pay = f.value;
  ASSERT_EQ(raw_pay.size(), 6u);

  const std::string masked_html = render({fixture_reports()[1]});
  EXPECT_EQ(masked_html.find(raw_pay), std::string::npos);
  EXPECT_EQ(masked_html.find("class=\"warning\""), std::string::npos);
  const std::string raw_html = render({with_values});
  EXPECT_NE(raw_html.find("<td class=\"value raw\" title=\"raw value\">" + raw_pay + "</td>"), std::string::npos);
  EXPECT_NE(raw_html.find("This report shows raw values"), std::string::npos);
}

TEST(HtmlReport, EmptyScanIsStillAPage) {
  std::ostringstream out;
  make_html_writer(out, {})->end(ScanSummary{});
  const std::string html = out.str();
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("No files were scanned."), std::string::npos);
  EXPECT_EQ(text_of(html, "n-files"), "0");
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

// ---- In a real browser ------------------------------------------------------

constexpr const char* kChromium = "/usr/bin/chromium";

// Loads `url` in headless Chromium and returns the DOM after the page's script
// ran. A fresh profile each run, so parallel runs cannot collide; its D-Bus
// chatter on stderr is dropped.
std::string dump_dom(const std::string& url, const std::vector<std::string>& extra = {}) {
  const std::string dir = testing::temp_dir("chromium");
  const std::string out_path = dir + "/dom.html";
  std::vector<std::string> args = {"timeout", "60", kChromium, "--headless", "--no-sandbox", "--disable-gpu",
                                   "--no-first-run", "--user-data-dir=" + dir + "/profile"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back("--dump-dom");
  args.push_back(url);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int null = ::open("/dev/null", O_RDWR);
    if (out < 0 || null < 0) _exit(127);
    ::dup2(null, 0);
    ::dup2(out, 1);
    ::dup2(null, 2);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execvp("timeout", argv.data());
    _exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("chromium failed on " + url + " (status " + std::to_string(status) + ")");
  return testing::read_file(out_path);
}

class HtmlReportInBrowser : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (::access(kChromium, X_OK) != 0) return;
    const std::string dir = testing::temp_dir("html_report");
    page_ = new std::string("file://" + dir + "/report.html");
    testing::write_file(dir + "/report.html", render(fixture_reports()));
  }
  static void TearDownTestSuite() {
    delete page_;
    page_ = nullptr;
  }
  void SetUp() override {
    if (page_ == nullptr) GTEST_SKIP() << kChromium << " not found: install Debian's chromium to run the browser tests";
  }
  static std::vector<Tag> shown(const std::vector<Tag>& all) {
    std::vector<Tag> out;
    for (const auto& t : all)
      if (!t.has("hidden")) out.push_back(t);
    return out;
  }
  static std::string* page_;
};
std::string* HtmlReportInBrowser::page_ = nullptr;

TEST_F(HtmlReportInBrowser, VerdictFilterShowsOnlyBlockedFilesUnderTheSummary) {
  const std::string dom = dump_dom(*page_ + "#verdict=block");
  const ScanSummary s = summarize(fixture_reports());
  // The script moved the summary (written last) above the files.
  const auto summary = dom.find("<section id=\"summary\"");
  ASSERT_NE(summary, std::string::npos);
  EXPECT_LT(summary, dom.find("<div id=\"files\">"));
  EXPECT_EQ(text_of(dom, "n-files"), "4");
  EXPECT_EQ(text_of(dom, "n-block"), std::to_string(s.block));
  EXPECT_EQ(text_of(dom, "n-review"), std::to_string(s.review));
  EXPECT_EQ(text_of(dom, "n-clean"), std::to_string(s.clean));
  EXPECT_EQ(text_of(dom, "n-error"), std::to_string(s.error));
  EXPECT_EQ(text_of(dom, "n-records"), std::to_string(s.records));

  const auto sections = file_sections(dom);
  ASSERT_EQ(sections.size(), 4u);
  const auto visible = shown(sections);
  ASSERT_EQ(visible.size(), 1u);
  EXPECT_EQ(visible[0].attr("data-verdict"), "block");
  EXPECT_EQ(text_of(dom, "filter-status"), "Filtered: showing 1 of 4 files.");
  // The filters are shown once the script runs.
  const auto forms = tags(dom, "form");
  ASSERT_EQ(forms.size(), 1u);
  EXPECT_FALSE(forms[0].has("hidden"));
}

TEST_F(HtmlReportInBrowser, VisibilityFilterShowsOnlyRowsOfThatVisibility) {
  const std::string dom = dump_dom(*page_ + "#visibility=hidden_sheet");
  const FileReport& block = fixture_reports()[1];
  const auto rows = finding_rows(dom);
  ASSERT_EQ(rows.size(), block.findings.size() + fixture_reports()[2].findings.size());
  const auto visible = shown(rows);
  EXPECT_EQ(visible.size(), findings_with(block, Visibility::hidden_sheet));
  for (const auto& row : visible) EXPECT_EQ(row.attr("data-visibility"), "hidden_sheet");
  const auto sections = shown(file_sections(dom));
  ASSERT_EQ(sections.size(), 1u);
  EXPECT_EQ(sections[0].attr("id"), "file-2");
  EXPECT_EQ(text_of(dom, "filter-status"), "Filtered: showing 1 of 4 files, and only their matching findings.");
}

TEST_F(HtmlReportInBrowser, UnfilteredPageShowsMaskedValuesNeverRawOnes) {
  const std::string dom = dump_dom(*page_);
  EXPECT_EQ(shown(file_sections(dom)).size(), 4u);
  EXPECT_EQ(shown(finding_rows(dom)).size(), finding_rows(dom).size());
  EXPECT_EQ(text_of(dom, "filter-status"), "Showing all 4 files.");

  ScanOptions keep;
  keep.detect.keep_values = true;
  const FileReport with_values = scan_fixture(kBlock, keep);
  const FileReport& masked = fixture_reports()[1];
  ASSERT_EQ(with_values.findings.size(), masked.findings.size());
  std::size_t checked = 0;
  for (std::size_t i = 0; i < masked.findings.size(); ++i) {
    const auto& f = with_values.findings[i];
    if (f.category != Category::pay_number && !(f.category == Category::person_name && f.value.size() >= 6)) continue;
    EXPECT_NE(dom.find("<td class=\"value\">" + masked.findings[i].masked + "</td>"), std::string::npos)
        << masked.findings[i].masked;
    EXPECT_EQ(dom.find(f.value), std::string::npos) << "raw value in the page";
    ++checked;
  }
  EXPECT_GT(checked, 40u);
}

TEST_F(HtmlReportInBrowser, PathSearchAndCategoryCombine) {
  // Percent-encoded and in another case than the path: the search decodes and ignores case.
  const std::string dom = dump_dom(*page_ + "#q=XLSX%2FMETA&category=person_name");
  const auto sections = shown(file_sections(dom));
  ASSERT_EQ(sections.size(), 1u);
  EXPECT_EQ(sections[0].attr("data-verdict"), "review");
  const auto end = dom.find("</section>", sections[0].offset);
  const auto rows = shown(finding_rows(dom.substr(sections[0].offset, end - sections[0].offset)));
  ASSERT_EQ(rows.size(), fixture_reports()[2].findings.size());
  for (const auto& row : rows) EXPECT_EQ(row.attr("data-category"), "person_name");
  EXPECT_EQ(text_of(dom, "filter-status"), "Filtered: showing 1 of 4 files, and only their matching findings.");
}

}  // namespace
}  // namespace foiguard
