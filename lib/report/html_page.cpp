// The HTML report's style sheet, script and Content-Security-Policy.
#include "report/html_page.hpp"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace foiguard::html_page {

namespace {

// Verdict colours always come with the verdict word (badges, borders and
// headings say BLOCK/REVIEW/...), and each pair passes WCAG AA contrast.
constexpr std::string_view kStyle = R"css(
:root { color-scheme: light; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; color: #1a1a1a; background: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.page { display: flex; flex-direction: column; max-width: 92rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
/* The summary is written last (the report streams) but read first. */
.masthead { order: 0; }
#summary { order: 1; }
#files { order: 2; }
h1 { font-size: 1.6rem; margin: .3rem 0; }
h2 { font-size: 1.3rem; margin: 1.2rem 0 .5rem; border-bottom: 2px solid #333; }
h3 { font-size: 1.05rem; margin: .2rem 0 .4rem; }
.sub { color: #444; margin: 0 0 .5rem; }
.warning { background: #fff4d6; border: 2px solid #8a5a00; padding: .4rem .6rem; font-weight: 600; }
table { border-collapse: collapse; margin: .3rem 0 .6rem; }
th, td { text-align: left; vertical-align: top; padding: .2rem .55rem; border-bottom: 1px solid #d5d5d5; }
thead th { background: #eee; border-bottom: 2px solid #999; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.grid { display: flex; flex-wrap: wrap; gap: 0 2.5rem; }
.grid > div { flex: 1 1 30rem; }
.badge { display: inline-block; padding: 0 .45em; border: 1px solid transparent; border-radius: .25em;
  font-weight: 700; font-size: .85em; letter-spacing: .02em; white-space: nowrap; }
.v-block { background: #a4001d; color: #fff; }
.v-review { background: #ffd54f; color: #1a1a1a; border-color: #8a6d00; }
.v-clean { background: #1b5e20; color: #fff; }
.v-error { background: #5b2a86; color: #fff; }
.place { background: #fdecee; color: #7a0016; border-color: #a4001d; font-weight: 600; }
.note { background: #f0f0f0; color: #333; border-color: #777; font-weight: 600; }
.sev-critical, .sev-high { font-weight: 700; color: #8a0018; }
.vis-hidden { font-weight: 700; color: #8a0018; }
.vis-hidden::before { content: "\25C6 "; }
section.file { border: 1px solid #c8c8c8; border-left: .55rem solid #888; border-radius: .3rem;
  margin: .9rem 0; padding: .5rem .8rem; }
section.file[data-verdict="block"] { border-left-color: #a4001d; }
section.file[data-verdict="review"] { border-left-color: #c79100; }
section.file[data-verdict="clean"] { border-left-color: #1b5e20; }
section.file[data-verdict="error"] { border-left-color: #5b2a86; }
.path { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.meta { color: #444; margin: 0 0 .3rem; }
.reason { margin: 0 0 .3rem; }
ul.places, ul.notes { list-style: none; padding: 0; margin: .2rem 0 .4rem; }
ul.places li, ul.notes li { margin: .15rem 0; }
table.findings { width: 100%; font-size: .93em; }
td.value { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; white-space: pre-wrap; }
td.value.raw { background: #fff4d6; }
td.context { color: #444; }
.more { color: #333; font-style: italic; margin: .2rem 0; }
#filters { border: 1px solid #bbb; border-radius: .3rem; padding: .4rem .8rem; margin: .6rem 0; background: #f7f7f7; }
#filters fieldset { display: inline-block; vertical-align: top; border: 0; margin: 0 1.5rem .3rem 0; padding: 0; }
#filters legend { font-weight: 700; padding: 0; }
#filters label { display: inline-block; margin-right: .8rem; white-space: nowrap; }
#filter-status { font-weight: 600; margin: .3rem 0 0; }
a { color: #0b4f9c; }
@media print {
  body { font-size: 10pt; }
  .page { max-width: none; padding: 0; }
  #filters { display: none; }
  .badge, .warning, td.value.raw { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.file { break-inside: auto; border-left-width: .3rem; }
  section.file > h3, tr { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
)css";

constexpr std::string_view kScript = R"js(
(function () {
  'use strict';
  var doc = document;
  var summary = doc.getElementById('summary'), files = doc.getElementById('files');
  // CSS already shows the summary first; moving it also puts it first for
  // screen readers, find-in-page and print.
  if (summary && files) files.parentNode.insertBefore(summary, files);
  var form = doc.getElementById('filters');
  if (!form) return;
  var status = doc.getElementById('filter-status');
  var sections = Array.prototype.slice.call(doc.querySelectorAll('section.file'));
  var lists = ['verdict', 'category', 'visibility'];

  function decode(text) {
    try { return decodeURIComponent(text.replace(/\+/g, ' ')); } catch (e) { return ''; }
  }
  function none() { return { verdict: [], category: [], visibility: [], q: '' }; }
  // A fragment without '=' is a jump to a file (#file-3), not a filter.
  function isFilter(hash) { return hash.length <= 1 || hash.indexOf('=') >= 0; }
  function parse(hash) {
    var state = none();
    hash.replace(/^#/, '').split('&').forEach(function (pair) {
      var at = pair.indexOf('=');
      if (at < 0) return;
      var key = decode(pair.slice(0, at)), value = decode(pair.slice(at + 1));
      if (key === 'q') state.q = value;
      else if (lists.indexOf(key) >= 0) state[key] = value.split(',').filter(Boolean);
    });
    return state;
  }
  function format(state) {
    var parts = [];
    lists.forEach(function (key) {
      if (state[key].length) parts.push(key + '=' + state[key].map(encodeURIComponent).join(','));
    });
    if (state.q) parts.push('q=' + encodeURIComponent(state.q));
    return parts.join('&');
  }
  function boxes(key) {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="' + key + '"]'));
  }
  function fromForm() {
    var state = none();
    lists.forEach(function (key) {
      state[key] = boxes(key).filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    });
    state.q = form.elements.q.value.trim();
    return state;
  }
  function toForm(state) {
    lists.forEach(function (key) {
      boxes(key).forEach(function (b) { b.checked = state[key].indexOf(b.value) >= 0; });
    });
    form.elements.q.value = state.q;
  }
  function wanted(list, value) { return list.length === 0 || list.indexOf(value) >= 0; }
  function overlaps(list, words) {
    if (list.length === 0) return true;
    var have = (words || '').split(' ');
    return list.some(function (v) { return have.indexOf(v) >= 0; });
  }
  function apply(state) {
    var q = state.q.toLowerCase(), shown = 0;
    var rowsFiltered = state.category.length > 0 || state.visibility.length > 0;
    sections.forEach(function (section) {
      var path = section.querySelector('.path');
      // A file's data- lists cover its unlisted findings too, so a file
      // stays shown when its matches are past the listing cap.
      var show = wanted(state.verdict, section.dataset.verdict) &&
          overlaps(state.category, section.dataset.categories) &&
          overlaps(state.visibility, section.dataset.visibilities) &&
          (!q || (path !== null && path.textContent.toLowerCase().indexOf(q) >= 0));
      section.hidden = !show;
      if (show) ++shown;
      Array.prototype.forEach.call(section.querySelectorAll('tr.finding'), function (row) {
        row.hidden = !(wanted(state.category, row.dataset.category) &&
                       wanted(state.visibility, row.dataset.visibility));
      });
    });
    var filtered = format(state) !== '';
    status.textContent = filtered
        ? 'Filtered: showing ' + shown + ' of ' + sections.length + ' files' +
          (rowsFiltered ? ', and only their matching findings.' : '.')
        : 'Showing all ' + sections.length + ' files.';
    doc.body.classList.toggle('filtered', filtered);
  }
  function fromHash() {
    if (!isFilter(location.hash)) return false;
    var state = parse(location.hash);
    toForm(state);
    apply(state);
    return true;
  }
  function onFormChange() {
    var state = fromForm(), hash = format(state);
    // The fragment holds the filters so that a filtered view can be shared as a link.
    try {
      history.replaceState(null, '', location.href.split('#')[0] + (hash ? '#' + hash : ''));
    } catch (e) {
      location.replace('#' + hash);
    }
    apply(state);
  }
  form.hidden = false;
  form.addEventListener('change', onFormChange);
  form.addEventListener('input', onFormChange);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  doc.getElementById('clear-filters').addEventListener('click', function () {
    toForm(none());
    onFormChange();
  });
  window.addEventListener('hashchange', function () {
    if (fromHash()) return;
    // A jump to a file the filters hide: show everything so that it lands.
    var target = doc.getElementById(decode(location.hash.slice(1)));
    if (target && target.closest('[hidden]')) {
      toForm(none());
      apply(none());
      target.scrollIntoView();
    }
  });
  if (!fromHash()) apply(none());
})();
)js";

// "'sha256-<base64>'", the CSP source that allows exactly this inline text.
std::string hash_source(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  std::array<unsigned char, 4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1> base64{};
  const int written = EVP_EncodeBlock(base64.data(), digest.data(), static_cast<int>(length));
  return "'sha256-" + std::string(reinterpret_cast<const char*>(base64.data()), static_cast<std::size_t>(written)) + "'";
}

}  // namespace

std::string_view style() { return kStyle; }
std::string_view script() { return kScript; }

const std::string& content_security_policy() {
  // Hashed once, from the very text the page embeds, so the two cannot drift apart.
  static const std::string policy = "default-src 'none'; style-src " + hash_source(kStyle) + "; script-src " +
                                    hash_source(kScript) + "; base-uri 'none'; form-action 'none'";
  return policy;
}

}  // namespace foiguard::html_page
