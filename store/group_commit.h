#pragma once
// The group commit as an Asio awaitable: `co_await GroupCommit(db, std::move(unit))` hands the
// unit to the store's committer thread (store/group_committer.h) and suspends the coroutine
// without holding a thread; it resumes on its own executor once the unit's group is as safe as
// the store's Durability says, with the commit's Status. Kept apart from db.h so that only the
// code that awaits commits includes Asio.

#include <boost/asio/awaitable.hpp>
#include <memory>

#include "core/status.h"

namespace lg::store {

class Db;
class WriteUnit;

boost::asio::awaitable<core::Status> GroupCommit(Db& db, std::unique_ptr<WriteUnit> unit);

}  // namespace lg::store
