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

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace foiguard::walk {

namespace {

using Clock = std::chrono::steady_clock;

// "FGSC" in the database header: marks the file as a foiguard scan cache.
constexpr int kApplicationId = 0x46475343;
// The layout of the tables; a cache of another layout is emptied and rebuilt.
constexpr const char* kSchemaVersion = "2";
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

// A text column, valid until the statement steps or resets.
std::string_view text_view(sqlite3_stmt* stmt, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
  return text ? std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, column)))
              : std::string_view();
}
std::string text_column(sqlite3_stmt* stmt, int column) { return std::string(text_view(stmt, column)); }

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
    // The view before the report: a lookup that takes the view stops reading
    // the row before the report's overflow pages.
    db.exec("CREATE TABLE IF NOT EXISTS files(path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, "
            "sha256 TEXT, view_key BLOB, view BLOB, report BLOB)",
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

// Two lookups, so that taking a view never reads the report beside it: SQLite
// materialises every selected column, and a report spilling into overflow
// pages was copied out (a malloc and a memcpy) on every warm lookup.
constexpr const char* kSelectEntryView = "SELECT size, mtime_ns, sha256, view_key, view FROM files WHERE path = ?1";
constexpr const char* kSelectEntryReport = "SELECT size, mtime_ns, sha256, report FROM files WHERE path = ?1";
// Index entries a reader's cursor steps over before it seeks instead (Reader::find_row).
constexpr int kMaxSteps = 96;

// A connection of its own for lookups, lent to one thread at a time: the
// lookups of a warm re-scan then run side by side instead of queueing on the
// writer's lock (two workers spent a quarter of their time waking each other
// there). WAL lets readers read while the writer writes.
struct Reader {
  explicit Reader(const std::string& path) : owner(std::make_unique<Connection>(open_connection(path), path)) {
    sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
    // KiB, per reader: its cursor reads the path index in order and each row
    // once, so only the pages at hand need keeping (4 MiB grew the heap page
    // by page, a tenth of a warm re-scan in malloc and page faults).
    db.exec("PRAGMA cache_size = -1024", "size the page cache");
  }

  // Like the writer's, a read transaction lasts up to ~2 s; it starts again
  // when the writer has committed since it began, so a lookup sees every
  // committed write.
  void begin_reading(std::uint64_t commits_now) {
    if (reading && (commits_seen != commits_now || Clock::now() - since >= kMaxTransactionAge)) end_reading();
    if (reading) return;
    begin_read.run("start a transaction");
    reading = true;
    commits_seen = commits_now;
    since = Clock::now();
  }
  void end_reading() {
    reset_cursor();
    sqlite3_step(end_read.get());
    sqlite3_reset(end_read.get());
    reading = sqlite3_get_autocommit(db.get()) == 0;
  }

  // The rowid of `path`'s row, if there is one. A warm re-scan looks its
  // files up in path order (the pool hands each thread runs of consecutive
  // files, and the shelf gives a thread back its own reader), so the cursor
  // on the path index usually steps on a few entries instead of seeking the
  // path from the root (a seek down the index, then one down the table, was
  // a sixth of a warm re-scan). It reads the index alone (path and rowid),
  // so the rows of paths it steps over are never read.
  std::optional<std::int64_t> find_row(std::string_view path) {
    if (!move_cursor_to(path)) return std::nullopt;
    return sqlite3_column_int64(path_cursor.get(), 1);
  }
  // Puts the cursor on the first entry at or after `path`; true when that is `path`.
  bool move_cursor_to(std::string_view path) {
    if (cursor_on && path >= cursor_from) {
      for (int step = 0; step < kMaxSteps; ++step) {
        const std::string_view here = text_view(path_cursor.get(), 0);
        if (here >= path) {
          cursor_from.assign(path);
          return here == path;
        }
        if (sqlite3_step(path_cursor.get()) != SQLITE_ROW) {  // past the last entry: none is `path`
          reset_cursor();
          return false;
        }
      }
    }
    reset_cursor();
    sqlite3_bind_text(path_cursor.get(), 1, path.data(), static_cast<int>(path.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(path_cursor.get()) != SQLITE_ROW) {
      reset_cursor();
      return false;
    }
    cursor_on = true;
    cursor_from.assign(path);
    return text_view(path_cursor.get(), 0) == path;
  }
  void reset_cursor() {
    if (!cursor_on && cursor_from.empty()) return;
    sqlite3_reset(path_cursor.get());
    cursor_on = false;
    cursor_from.clear();
  }

  std::unique_ptr<Connection> owner;
  const Connection& db = *owner;
  Statement path_cursor{db, "SELECT path, rowid FROM files WHERE path >= ?1 ORDER BY path"};
  bool cursor_on = false;   // path_cursor is on the first entry at or after cursor_from
  std::string cursor_from;
  Statement select_row_view{db, "SELECT size, mtime_ns, sha256, view_key, view FROM files WHERE rowid = ?1"};
  Statement select_entry_report{db, kSelectEntryReport};
  Statement begin_read{db, "BEGIN DEFERRED"};
  Statement end_read{db, "COMMIT"};
  bool reading = false;
  std::uint64_t commits_seen = 0;
  Clock::time_point since;
};

}  // namespace

// WAL checkpoints on a thread of their own, with a connection of its own.
// SQLite's automatic checkpoint runs inside the commit that takes the WAL
// past 1000 pages, under the cache's lock: copying those 16 MB back stalled
// every worker waiting to store a report (a twentieth of a cold scan on two
// threads). A PASSIVE checkpoint blocks neither the writer nor the readers.
// But one running beside the writer never catches up with it, and the WAL
// starts over only after a checkpoint that did: past kWrapPages the writer
// finishes one itself (see wrap_due), which then has little left to copy.
class Checkpointer {
 public:
  explicit Checkpointer(const std::string& path) : connection_(open_reading(path)), thread_([this] { run(); }) {}
  ~Checkpointer() {
    {
      const std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // The writer's WAL hook: after each commit, with the WAL's size in pages.
  static int wal_hook(void* self, sqlite3*, const char*, int pages) {
    auto& checkpointer = *static_cast<Checkpointer*>(self);
    checkpointer.wal_pages_ = pages;
    if (pages >= kCheckpointPages) checkpointer.request();
    return SQLITE_OK;
  }
  // True when the WAL has grown past kWrapPages: the writer should then
  // checkpoint it to the end itself, between two transactions, so that the
  // next one writes the WAL from its start. (Called by the writer only.)
  bool wrap_due() const { return wal_pages_ >= kWrapPages; }
  // Checkpoints on `writer`, once a pass of the thread is over: with no
  // write in progress it copies what the passes had left, to the end.
  void finish(sqlite3* writer) {
    const std::lock_guard pass(pass_mutex_);
    sqlite3_wal_checkpoint_v2(writer, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }

 private:
  static constexpr int kCheckpointPages = 1000;  // SQLite's own threshold
  static constexpr int kWrapPages = 4096;        // 64 MiB of 16 KiB pages

  // A connection learns that the file is in WAL mode when it first reads it;
  // until then it checkpoints nothing.
  static std::unique_ptr<Connection> open_reading(const std::string& path) {
    auto connection = std::make_unique<Connection>(open_connection(path), path);
    connection->exec("SELECT 1 FROM sqlite_master LIMIT 1", "open the cache");
    return connection;
  }

  void request() {
    {
      const std::lock_guard lock(mutex_);
      due_ = true;
    }
    wake_.notify_one();
  }

  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return due_ || stop_; });
      if (stop_) return;
      due_ = false;
      lock.unlock();
      // Busy or failed: the next commit asks again, and closing the cache
      // checkpoints whatever is left.
      {
        const std::lock_guard pass(pass_mutex_);
        sqlite3_wal_checkpoint_v2(connection_->get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      }
      lock.lock();
    }
  }

  std::unique_ptr<Connection> connection_;
  int wal_pages_ = 0;  // the writer's, as its last commit left the WAL
  std::mutex pass_mutex_;  // one checkpoint at a time (a second would only be refused)
  std::mutex mutex_;
  std::condition_variable wake_;
  bool due_ = false;
  bool stop_ = false;
  std::thread thread_;  // last: it starts once the rest is made
};

// Idle readers, taken and put back without a lock: a mutex here, taken twice
// a lookup, put the workers of a warm re-scan to sleep on each other.
class ReaderShelf {
 public:
  ReaderShelf() = default;
  ReaderShelf(const ReaderShelf&) = delete;
  ReaderShelf& operator=(const ReaderShelf&) = delete;
  ~ReaderShelf() {
    for (auto& slot : slots_) delete slot.exchange(nullptr);
  }

  // The reader this thread put back last, when it is still there: its
  // cursor is where this thread's next lookup is (Reader::find_row).
  std::unique_ptr<Reader> take() {
    if (Reader* reader = slots_[own_slot].exchange(nullptr, std::memory_order_acquire))
      return std::unique_ptr<Reader>(reader);
    for (std::size_t slot = 0; slot < slots_.size(); ++slot) {
      if (!slots_[slot].load(std::memory_order_relaxed)) continue;
      if (Reader* reader = slots_[slot].exchange(nullptr, std::memory_order_acquire)) {
        own_slot = slot;
        return std::unique_ptr<Reader>(reader);
      }
    }
    return nullptr;
  }
  // Ends the read transactions of the readers on the shelf: their snapshots
  // would keep a checkpoint from copying anything committed after them.
  void end_idle_snapshots() {
    for (auto& slot : slots_) {
      if (!slot.load(std::memory_order_relaxed)) continue;
      if (Reader* reader = slot.exchange(nullptr, std::memory_order_acquire)) {
        if (reader->reading) reader->end_reading();
        put(std::unique_ptr<Reader>(reader));
      }
    }
  }
  // Keeps `reader` for a later take(); one more than the shelf holds is closed.
  void put(std::unique_ptr<Reader> reader) {
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      const std::size_t slot = (own_slot + i) % slots_.size();
      Reader* empty = nullptr;
      if (slots_[slot].compare_exchange_strong(empty, reader.get(), std::memory_order_release,
                                               std::memory_order_relaxed)) {
        reader.release();
        own_slot = slot;
        return;
      }
    }
  }

 private:
  // Only a hint (shared by every shelf a thread uses): a thread taking
  // another's reader just seeks more.
  static thread_local std::size_t own_slot;

  std::array<std::atomic<Reader*>, 64> slots_{};  // more than any pool has threads
};
thread_local std::size_t ReaderShelf::own_slot = 0;

struct ScanCache::Impl {
  // Takes the connection once its tables exist: statements are prepared here.
  explicit Impl(std::unique_ptr<Connection> connection) : owner(std::move(connection)) {}
  ~Impl() { sqlite3_wal_hook(db.get(), nullptr, nullptr); }  // before the checkpointer goes
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

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
    // Counted before readers may be lent again, so none keeps a snapshot
    // from before this commit.
    commits.fetch_add(1, std::memory_order_release);
    writing = transaction == Transaction::write;
    if (rc != SQLITE_DONE) throw_sqlite(db.get(), db.path(), "write the cache");
    pending_rows = 0;
    idle_readers.end_idle_snapshots();
    // Readers busy now keep their snapshots: the WAL then starts over at a later commit.
    if (checkpointer && checkpointer->wrap_due())
      checkpointer->finish(db.get());
  }

  void commit_if_due() {
    if (transaction != Transaction::none &&
        (pending_rows >= kMaxTransactionRows || Clock::now() - transaction_start >= kMaxTransactionAge))
      commit();
  }

  void start(Transaction kind) {
    transaction = kind;
    writing = kind == Transaction::write;
    pending_rows = 0;
    transaction_start = Clock::now();
  }

  // A reader for this thread's lookup (an idle one, else a new one); null
  // while a write is pending or when no connection can be opened.
  std::unique_ptr<Reader> borrow_reader() {
    if (writing.load(std::memory_order_acquire)) return nullptr;
    if (auto reader = idle_readers.take()) return reader;
    try {
      return std::make_unique<Reader>(db.path());
    } catch (const std::exception&) {
      return nullptr;  // the writer's connection will do
    }
  }

  // An idle reader's old snapshot would hold back WAL checkpoints: one past
  // its age ends its transaction before it waits.
  void give_back(std::unique_ptr<Reader> reader) {
    if (reader->reading && Clock::now() - reader->since >= kMaxTransactionAge) reader->end_reading();
    idle_readers.put(std::move(reader));
  }

  std::unique_ptr<Connection> owner;
  const Connection& db = *owner;
  std::mutex mutex;
  Statement select_entry{db, "SELECT size, mtime_ns, sha256 FROM files WHERE path = ?1"};
  Statement select_entry_view{db, kSelectEntryView};
  Statement select_entry_report{db, kSelectEntryReport};
  Statement upsert{db,
                   "INSERT INTO files(path, size, mtime_ns, sha256, view_key, view, report) "
                   "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                   "ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, "
                   "sha256 = excluded.sha256, view_key = excluded.view_key, view = excluded.view, "
                   "report = excluded.report"};
  Statement update_mtime{db, "UPDATE files SET mtime_ns = ?2 WHERE path = ?1"};
  Statement update_view{db, "UPDATE files SET view_key = ?2, view = ?3 WHERE path = ?1"};
  Statement count_rows{db, "SELECT count(*) FROM files"};
  Statement begin_read{db, "BEGIN DEFERRED"};
  Statement begin_write{db, "BEGIN IMMEDIATE"};
  Statement commit_stmt{db, "COMMIT"};
  Transaction transaction = Transaction::none;
  // Readers are lent only while no write is pending: uncommitted rows are
  // seen by the writer's connection alone.
  std::atomic<bool> writing{false};
  std::atomic<std::uint64_t> commits{0};
  ReaderShelf idle_readers;
  std::unique_ptr<Checkpointer> checkpointer;  // destroyed (stopped) before the connection closes
  std::size_t pending_rows = 0;
  Clock::time_point transaction_start;
  std::optional<std::string> reset_reason;
  bool opened_empty = false;
};

std::unique_ptr<ScanCache> ScanCache::open(const std::string& path, const std::string& settings_id) {
  // SQLite counts every allocation under one process-wide mutex unless told
  // not to (before it initialises); the workers' lookups then queued on it
  // (a sixth of a warm re-scan in futex calls). A process that started
  // SQLite before us keeps its setting: the call then fails, harmlessly.
  static std::once_flag memory_statistics_off;
  std::call_once(memory_statistics_off, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  auto connection = std::make_unique<Connection>(open_connection(path), path);
  const Connection& db = *connection;
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  const bool fresh = check_ours(db);
  // 16 KiB pages (SQLite's default is 4): most rows then fit in one page
  // without overflow pages, which a warm re-scan read one pread() at a time.
  // Only a new file takes it: SQLite fixes the page size on the first write.
  if (fresh) db.exec("PRAGMA page_size = 16384", "set the page size");
  db.exec("PRAGMA journal_mode = WAL", "switch to WAL");
  db.exec("PRAGMA synchronous = NORMAL", "set synchronous");
  // A WAL that grew on a long scan is cut back when it starts over.
  db.exec("PRAGMA journal_size_limit = 67108864", "limit the WAL");
  db.exec("PRAGMA cache_size = -8192", "size the page cache");  // KiB: the path index of ~100k files
  auto reset_reason = prepare_schema(db, fresh, settings_id);
  auto impl = std::make_unique<Impl>(std::move(connection));
  impl->reset_reason = std::move(reset_reason);
  impl->opened_empty = query_int(db, "SELECT count(*) FROM (SELECT 1 FROM files LIMIT 1)", "read the cache") == 0;
  impl->checkpointer = std::make_unique<Checkpointer>(path);
  // Replaces SQLite's automatic checkpoint (itself a WAL hook).
  sqlite3_wal_hook(impl->db.get(), &Checkpointer::wal_hook, impl->checkpointer.get());
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
  std::string no_view;
  return view_or_report_if(path, current, {}, name_as, into, no_view) == Found::report;
}

namespace {

std::string_view blob_column(sqlite3_stmt* row, int column) {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(row, column));
  return data ? std::string_view(data, static_cast<std::size_t>(sqlite3_column_bytes(row, column)))
              : std::string_view();
}

}  // namespace

ScanCache::Found ScanCache::view_or_report_if(const std::string& path, const std::function<bool(const Entry&)>& current,
                                              std::string_view view_key, std::string_view name_as, FileReport& into,
                                              std::string& view) const {
  // The blob is copied out of SQLite and decoded after the lookup, so threads
  // decode in parallel; the buffer keeps its capacity from call to call.
  thread_local std::string blob;
  // The view of the row `row` is on (size, mtime_ns, sha256, view_key, view),
  // when the entry is current and the view was made under view_key; else
  // Found::report, for the report to be looked up instead, or nothing.
  const auto take_view = [&](sqlite3_stmt* row) {
    if (!current(entry_of(row))) return Found::nothing;
    if (blob_column(row, 3) != view_key) return Found::report;
    view.assign(blob_column(row, 4));
    return Found::view;
  };
  const auto take_report = [&](const Statement& select_report) {
    const auto reset = select_report.reset_after();
    select_report.bind(1, std::string_view(path));
    if (sqlite3_step(select_report.get()) != SQLITE_ROW || !current(entry_of(select_report.get()))) return Found::nothing;
    blob.assign(blob_column(select_report.get(), 3));
    return Found::report;
  };
  Found found = Found::report;  // with no view key, the report is looked up
  if (auto reader = impl_->borrow_reader()) {
    try {
      reader->begin_reading(impl_->commits.load(std::memory_order_acquire));
      if (!view_key.empty()) {
        found = Found::nothing;
        if (const auto row = reader->find_row(path)) {
          const Statement& select_view = reader->select_row_view;
          const auto reset = select_view.reset_after();
          select_view.bind(1, *row);
          if (sqlite3_step(select_view.get()) == SQLITE_ROW) found = take_view(select_view.get());
        }
      }
      if (found == Found::report) found = take_report(reader->select_entry_report);
    } catch (const std::exception&) {
      found = Found::nothing;  // a row that cannot be read is missing
    }
    impl_->give_back(std::move(reader));
  } else {
    std::lock_guard lock(impl_->mutex);
    impl_->commit_if_due();
    impl_->begin_reading();
    if (!view_key.empty()) {
      const Statement& select_view = impl_->select_entry_view;
      const auto reset = select_view.reset_after();
      select_view.bind(1, std::string_view(path));
      found = sqlite3_step(select_view.get()) == SQLITE_ROW ? take_view(select_view.get()) : Found::nothing;
    }
    if (found == Found::report) found = take_report(impl_->select_entry_report);
  }
  if (found != Found::report) return found;
  // Corrupt or of another version: scan again.
  return decode_report_into(blob, into, name_as) ? Found::report : Found::nothing;
}

bool ScanCache::store(const std::string& path, std::uint64_t size, std::int64_t mtime_ns, const FileReport& report,
                      std::string_view view_key, std::string_view view) {
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
  if (!view_key.empty()) {
    stmt.bind_blob(5, view_key);
    stmt.bind_blob(6, view);
  }
  stmt.bind_blob(7, blob);
  const auto reset = stmt.reset_after();  // unbinds a view, so the next report is stored without it
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

void ScanCache::set_view(const std::string& path, std::string_view view_key, std::string_view view) {
  std::lock_guard lock(impl_->mutex);
  impl_->begin_writing();
  const Statement& stmt = impl_->update_view;
  const auto reset = stmt.reset_after();
  stmt.bind(1, std::string_view(path));
  stmt.bind_blob(2, view_key);
  stmt.bind_blob(3, view);
  stmt.run("store a view");
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

bool ScanCache::opened_empty() const { return impl_->opened_empty; }

}  // namespace foiguard::walk
