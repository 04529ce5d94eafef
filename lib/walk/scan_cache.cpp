// ScanCache on SQLite. One connection behind one mutex; statements prepared
// once; writes gathered in one open transaction that is committed by flush(),
// by the destructor, and whenever it is ~2 s old or holds ~2,000 rows, so an
// interrupted scan loses seconds of work at most. Lookups share a read
// transaction in the same way. WAL with synchronous=NORMAL: a crash may lose
// the last commits but never corrupts the file.
//
// The file is claimed by SQLite's application_id: a database that is neither
// ours nor empty is refused untouched (it belongs to another program).
#include "walk/scan_cache.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace foiguard::walk {

namespace {

using Clock = std::chrono::steady_clock;

// "FGSC" in the database header: marks the file as a foiguard scan cache.
constexpr int kApplicationId = 0x46475343;
// The layout of the tables; a cache of another layout is emptied and rebuilt.
constexpr const char* kSchemaVersion = "1";
constexpr auto kMaxTransactionAge = std::chrono::seconds(2);
constexpr std::size_t kMaxTransactionRows = 2000;
constexpr int kBusyTimeoutMs = 5000;  // another foiguard writing the same cache

constexpr const char* kResetReason =
    "the rules, options or foiguard version changed since this cache was written: every file will be scanned "
    "again";

[[noreturn]] void throw_not_a_cache(const std::string& path, const std::string& why) {
  throw std::runtime_error(path + " is not a foiguard cache (" + why + "); pass a new --cache path");
}

[[noreturn]] void throw_sqlite(sqlite3* db, const std::string& path, const std::string& doing) {
  throw std::runtime_error("cache " + path + ": cannot " + doing + ": " + sqlite3_errmsg(db));
}

// Creates the file owner-only before SQLite sees it: the cache holds paths and
// masked findings. SQLite gives its -wal and -shm files the same mode.
void create_owner_only(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return;
  }
  if (errno == EEXIST) return;
  throw std::runtime_error("cannot create cache " + path + ": " + std::strerror(errno) +
                           "; pass another --cache path");
}

class Connection {
 public:
  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~Connection() { sqlite3_close_v2(db_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* get() const { return db_; }
  const std::string& path() const { return path_; }

  void exec(const char* sql, const char* doing) const {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) throw_sqlite(db_, path_, doing);
  }

 private:
  sqlite3* db_;
  std::string path_;
};

// A statement prepared once and reused for every call.
class Statement {
 public:
  Statement(const Connection& db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v3(db.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK)
      throw_sqlite(db.get(), db.path(), "prepare a statement");
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  sqlite3_stmt* get() const { return stmt_; }
  void bind(int index, std::string_view text) const {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  }
  void bind_blob(int index, std::string_view bytes) const {
    sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
  }
  void bind(int index, std::int64_t value) const { sqlite3_bind_int64(stmt_, index, value); }
  // SQLITE_ROW or SQLITE_DONE; anything else throws.
  int step(const char* doing) const {
    const int rc = sqlite3_step(stmt_);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) throw_sqlite(db_.get(), db_.path(), doing);
    return rc;
  }
  // Runs a statement that returns no rows, then resets it.
  void run(const char* doing) const {
    const int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    if (rc != SQLITE_DONE) throw_sqlite(db_.get(), db_.path(), doing);
  }
  // Resets on scope exit, so a read never keeps a read transaction open (which
  // would stop WAL checkpoints) and bound text is never used after it is gone.
  struct Reset {
    sqlite3_stmt* stmt;
    ~Reset() {
      sqlite3_reset(stmt);
      sqlite3_clear_bindings(stmt);
    }
  };
  Reset reset_after() const { return Reset{stmt_}; }

 private:
  const Connection& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

std::string text_column(sqlite3_stmt* stmt, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, column))) : std::string();
}

// One integer from a query without parameters (pragmas, counts).
std::int64_t query_int(const Connection& db, const char* sql, const char* doing) {
  Statement stmt(db, sql);
  const auto reset = stmt.reset_after();
  return stmt.step(doing) == SQLITE_ROW ? sqlite3_column_int64(stmt.get(), 0) : 0;
}

std::optional<std::string> meta_value(const Connection& db, const char* key) {
  Statement stmt(db, "SELECT value FROM meta WHERE key = ?1");
  const auto reset = stmt.reset_after();
  stmt.bind(1, std::string_view(key));
  if (stmt.step("read the cache settings") != SQLITE_ROW) return std::nullopt;
  return text_column(stmt.get(), 0);
}

void set_meta(const Connection& db, const char* key, const std::string& value) {
  Statement stmt(db, "INSERT INTO meta(key, value) VALUES(?1, ?2) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  stmt.bind(1, std::string_view(key));
  stmt.bind(2, std::string_view(value));
  stmt.run("write the cache settings");
}

sqlite3* open_connection(const std::string& path) {
  create_owner_only(path);
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    throw std::runtime_error("cannot open cache " + path + ": " + why + "; pass another --cache path");
  }
  return db;
}

// Refuses, before writing anything, a file that is not an SQLite database or
// is another program's database. True when the file is new (empty).
bool check_ours(const Connection& db) {
  std::int64_t application_id = 0;
  std::int64_t objects = 0;
  try {
    application_id = query_int(db, "PRAGMA application_id", "read the database header");
    objects = query_int(db, "SELECT count(*) FROM sqlite_master", "list the tables");
  } catch (const std::runtime_error&) {
    if (sqlite3_errcode(db.get()) == SQLITE_NOTADB) throw_not_a_cache(db.path(), "not an SQLite database");
    throw std::runtime_error("cannot open cache " + db.path() + ": " + sqlite3_errmsg(db.get()) +
                             "; pass another --cache path");
  }
  if (application_id == kApplicationId) return false;
  if (application_id == 0 && objects == 0) return true;
  throw_not_a_cache(db.path(), "an SQLite database of another program");
}

// Creates the tables, and empties the cache when it was written under other
// settings or another layout. The reason it was emptied, if it was.
std::optional<std::string> prepare_schema(const Connection& db, bool fresh, const std::string& settings_id) {
  db.exec("BEGIN IMMEDIATE", "lock the cache");
  try {
    if (fresh) db.exec(("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str(), "claim the file");
    db.exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)", "create the tables");
    std::optional<std::string> reason;
    const auto schema = meta_value(db, "schema");
    if (schema != kSchemaVersion) {
      db.exec("DROP TABLE IF EXISTS files", "rebuild the cache");
      if (schema) reason = kResetReason;
    }
    db.exec("CREATE TABLE IF NOT EXISTS files(path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, "
            "sha256 TEXT, report BLOB)",
            "create the tables");
    const auto stored_settings = meta_value(db, "settings");
    if (stored_settings != settings_id) {
      db.exec("DELETE FROM files", "empty the cache");
      if (stored_settings) reason = kResetReason;
    }
    set_meta(db, "schema", kSchemaVersion);
    set_meta(db, "settings", settings_id);
    db.exec("COMMIT", "write the cache settings");
    return reason;
  } catch (...) {
    sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

enum class Transaction { none, read, write };

}  // namespace

struct ScanCache::Impl {
  // Takes the connection once its tables exist: statements are prepared here.
  explicit Impl(std::unique_ptr<Connection> connection) : owner(std::move(connection)) {}

  // Lookups run inside a read transaction kept open for up to ~2 s: starting
  // one per lookup costs more (WAL locks are system calls) than the lookup.
  void begin_reading() {
    if (transaction != Transaction::none) return;
    begin_read.run("start a transaction");
    start(Transaction::read);
  }

  // Writes need the write lock, which a read transaction cannot take safely
  // (its snapshot may be stale): end it first.
  void begin_writing() {
    if (transaction == Transaction::write) return;
    commit();
    begin_write.run("start a transaction");
    start(Transaction::write);
  }

  void commit() {
    if (transaction == Transaction::none) return;
    const int rc = sqlite3_step(commit_stmt.get());
    sqlite3_reset(commit_stmt.get());
    // A failed COMMIT may or may not have ended the transaction.
    if (sqlite3_get_autocommit(db.get()) != 0) transaction = Transaction::none;
    if (rc != SQLITE_DONE) throw_sqlite(db.get(), db.path(), "write the cache");
    pending_rows = 0;
  }

  void commit_if_due() {
    if (transaction != Transaction::none &&
        (pending_rows >= kMaxTransactionRows || Clock::now() - transaction_start >= kMaxTransactionAge))
      commit();
  }

  void start(Transaction kind) {
    transaction = kind;
    pending_rows = 0;
    transaction_start = Clock::now();
  }

  std::unique_ptr<Connection> owner;
  const Connection& db = *owner;
  std::mutex mutex;
  Statement select_entry{db, "SELECT size, mtime_ns, sha256 FROM files WHERE path = ?1"};
  Statement select_entry_report{db, "SELECT size, mtime_ns, sha256, report FROM files WHERE path = ?1"};
  Statement upsert{db,
                   "INSERT INTO files(path, size, mtime_ns, sha256, report) VALUES(?1, ?2, ?3, ?4, ?5) "
                   "ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, "
                   "sha256 = excluded.sha256, report = excluded.report"};
  Statement update_mtime{db, "UPDATE files SET mtime_ns = ?2 WHERE path = ?1"};
  Statement count_rows{db, "SELECT count(*) FROM files"};
  Statement begin_read{db, "BEGIN DEFERRED"};
  Statement begin_write{db, "BEGIN IMMEDIATE"};
  Statement commit_stmt{db, "COMMIT"};
  Transaction transaction = Transaction::none;
  std::size_t pending_rows = 0;
  Clock::time_point transaction_start;
  std::optional<std::string> reset_reason;
};

std::unique_ptr<ScanCache> ScanCache::open(const std::string& path, const std::string& settings_id) {
  auto connection = std::make_unique<Connection>(open_connection(path), path);
  const Connection& db = *connection;
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  const bool fresh = check_ours(db);
  db.exec("PRAGMA journal_mode = WAL", "switch to WAL");
  db.exec("PRAGMA synchronous = NORMAL", "set synchronous");
  db.exec("PRAGMA cache_size = -8192", "size the page cache");  // KiB: the path index of ~100k files
  auto reset_reason = prepare_schema(db, fresh, settings_id);
  auto impl = std::make_unique<Impl>(std::move(connection));
  impl->reset_reason = std::move(reset_reason);
  return std::unique_ptr<ScanCache>(new ScanCache(std::move(impl)));
}

ScanCache::ScanCache(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ScanCache::~ScanCache() {
  try {
    flush();
  } catch (...) {
    // Nothing to do: at worst the last few seconds are scanned again next time.
  }
}

const std::optional<std::string>& ScanCache::reset_reason() const { return impl_->reset_reason; }

namespace {

// The size, mtime and hash columns (0, 1, 2) of a selected row.
ScanCache::Entry entry_of(sqlite3_stmt* row) {
  ScanCache::Entry e;
  e.size = static_cast<std::uint64_t>(sqlite3_column_int64(row, 0));
  e.mtime_ns = sqlite3_column_int64(row, 1);
  e.sha256 = text_column(row, 2);
  return e;
}

}  // namespace

std::optional<ScanCache::Entry> ScanCache::entry(const std::string& path) const {
  std::lock_guard lock(impl_->mutex);
  impl_->commit_if_due();
  impl_->begin_reading();
  const Statement& stmt = impl_->select_entry;
  const auto reset = stmt.reset_after();
  stmt.bind(1, std::string_view(path));
  if (sqlite3_step(stmt.get()) != SQLITE_ROW) return std::nullopt;
  return entry_of(stmt.get());
}

std::optional<FileReport> ScanCache::report(const std::string& path) const {
  FileReport report;
  if (!report_if(path, [](const Entry&) { return true; }, path, report)) return std::nullopt;
  return report;
}

bool ScanCache::report_if(const std::string& path, const std::function<bool(const Entry&)>& current,
                          std::string_view name_as, FileReport& into) const {
  // The blob is copied out under the lock and decoded outside it, so threads
  // decode in parallel; the buffer keeps its capacity from call to call.
  thread_local std::string blob;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->commit_if_due();
    impl_->begin_reading();
    const Statement& stmt = impl_->select_entry_report;
    const auto reset = stmt.reset_after();
    stmt.bind(1, std::string_view(path));
    if (sqlite3_step(stmt.get()) != SQLITE_ROW || !current(entry_of(stmt.get()))) return false;
    const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt.get(), 3));
    blob.assign(data ? data : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt.get(), 3)));
  }
  return decode_report_into(blob, into, name_as);  // false when corrupt or of another version: scan again
}

bool ScanCache::store(const std::string& path, std::uint64_t size, std::int64_t mtime_ns,
                      const FileReport& report) {
  for (const Finding& f : report.findings) {
    if (!f.value.empty()) return false;  // raw values never reach the disk
  }
  const std::string blob = encode_report(report);
  std::lock_guard lock(impl_->mutex);
  impl_->begin_writing();
  const Statement& stmt = impl_->upsert;
  stmt.bind(1, std::string_view(path));
  stmt.bind(2, static_cast<std::int64_t>(size));
  stmt.bind(3, mtime_ns);
  stmt.bind(4, std::string_view(report.sha256));
  stmt.bind_blob(5, blob);
  stmt.run("store a report");
  ++impl_->pending_rows;
  impl_->commit_if_due();
  return true;
}

void ScanCache::touch(const std::string& path, std::int64_t mtime_ns) {
  std::lock_guard lock(impl_->mutex);
  impl_->begin_writing();
  const Statement& stmt = impl_->update_mtime;
  stmt.bind(1, std::string_view(path));
  stmt.bind(2, mtime_ns);
  stmt.run("update a file's time");
  ++impl_->pending_rows;
  impl_->commit_if_due();
}

void ScanCache::flush() {
  std::lock_guard lock(impl_->mutex);
  impl_->commit();
}

std::uint64_t ScanCache::size() const {
  std::lock_guard lock(impl_->mutex);
  impl_->commit_if_due();
  impl_->begin_reading();
  const Statement& stmt = impl_->count_rows;
  const auto reset = stmt.reset_after();
  return stmt.step("count the rows") == SQLITE_ROW ? static_cast<std::uint64_t>(sqlite3_column_int64(stmt.get(), 0))
                                                   : 0;
}

}  // namespace foiguard::walk
