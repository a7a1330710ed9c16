#pragma once
// The power-cut journal: how much of each file of a store a power cut would keep. Written by
// leadgate-powercut's file system (power_cut_fs.h) while the server runs; read by
// leadgate-crash-test --power-cut, which after SIGKILLing the server cuts every file of the store
// back to what the journal says was synced, then restarts it. (Design: write through and journal
// the synced lengths. The other design, holding unsynced appends in the server's memory, would
// have to serve RocksDB's reads of its own unsynced bytes; writing through needs nothing of that.)
//
// The model of the disk, which both sides share:
//  - A file's contents are durable up to the length it had when the last successful Sync or
//    Fsync of a handle to it began; every byte appended after that is lost at the cut. Nothing
//    below that length is lost: no torn or reordered writes.
//  - Directory entries (create, rename, link, delete) are durable once the call returns, as if
//    every directory were fsynced at once (RocksDB fsyncs its directory itself where it must; this
//    model does not test that). A file created and never synced survives the cut empty.
//  - Flush, RangeSync and Close make nothing durable. The OS writes nothing back by itself; the
//    test can say it did, at a moment of its choosing (RecordWriteback).
// Files are known by inode, so a rename or a link needs no entry; an inode number used again by a
// new file starts over with its creation entry.
//
// The journal is plain text, one event per line, each appended with one write() (no fsync: the
// page cache survives the SIGKILL that stands for the cut):
//   C <inode>          a file was created (or truncated to nothing): 0 bytes durable
//   S <inode> <bytes>  a sync that began at this length succeeded: at least this much is durable
//   T <inode> <bytes>  the file was truncated to this length: at most this much is durable

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>

namespace lg::crash_test {

class PowerCutJournal {
 public:
  // Appends to `path` (created if missing). Null, with `error` set, when it cannot be opened.
  static std::unique_ptr<PowerCutJournal> Open(const std::string& path, std::string& error);
  ~PowerCutJournal();
  PowerCutJournal(const PowerCutJournal&) = delete;
  PowerCutJournal& operator=(const PowerCutJournal&) = delete;

  // Thread-safe: each event is one write() of one short line to a file opened O_APPEND.
  void Created(ino_t inode);
  void Synced(ino_t inode, uint64_t bytes);
  void Truncated(ino_t inode, uint64_t bytes);
  // Whole event lines, appended with one write(). False on a short write.
  bool Append(const std::string& lines);

 private:
  explicit PowerCutJournal(int fd) : fd_(fd) {}
  int fd_;
};

// What a cut did to the store.
struct PowerCutReport {
  size_t files = 0;          // regular files in the store
  size_t files_cut = 0;      // of which lost bytes
  uint64_t bytes_lost = 0;   // bytes beyond the durable lengths
  size_t files_unknown = 0;  // files the journal never heard of (created, then killed before the entry)
};

// Truncates every regular file under `store_dir` to its durable length per the journal at
// `journal_path` (a file the journal never heard of to 0 bytes). The server must be dead. False,
// with `error` set, when the journal or a file cannot be read or cut.
bool ApplyPowerCut(const std::string& store_dir, const std::string& journal_path, PowerCutReport& report,
                   std::string& error);

// Appends to the journal that every file under `store_dir` is durable up to the length it has
// now: the OS's periodic writeback, at a moment the test picks. (Without it a cut keeps only what
// was synced, which under store.durability = os is next to nothing, and the rule that what is
// kept is a prefix would hold trivially.) The lengths are read while the server writes, so each is
// what the page cache held at some moment of the call: a prefix of every file.
bool RecordWriteback(const std::string& store_dir, const std::string& journal_path, std::string& error);

// Starts the journal at `journal_path` over, saying every file now under `store_dir` is durable
// as it is: taken after a cut (and the offline check) and before the server starts again, as if
// the machine had since had all the time it needed to write everything back.
bool WriteBaseline(const std::string& store_dir, const std::string& journal_path, std::string& error);

}  // namespace lg::crash_test
