#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "small_object_pool.h"

namespace {

struct Object {
    unsigned char* at;
    std::size_t bytes;
    unsigned char fill;
};

bool intact(const Object& o) {
    for (std::size_t i = 0; i < o.bytes; ++i)
        if (o.at[i] != o.fill) return false;
    return true;
}

}  // namespace

TEST_CASE("the small-object pool keeps every object's bytes, aligned, through interleaved allocations and frees", "[pool]") {
    ma::SmallObjectPool pool;
    std::mt19937 rng(17);
    std::vector<Object> live;
    std::size_t checked = 0;
    for (int step = 0; step < 200000; ++step) {
        const bool grow = live.size() < 50 || (rng() % 100) < (step < 100000 ? 55u : 40u);
        if (grow) {
            // Mostly small sizes (the pool's), some large ones (malloc's).
            const std::size_t bytes = rng() % 10 == 0 ? 257 + rng() % 2000 : rng() % 257;
            auto* at = static_cast<unsigned char*>(pool.allocate(bytes));
            REQUIRE(reinterpret_cast<std::uintptr_t>(at) % ma::SmallObjectPool::kAlign == 0);
            const auto fill = static_cast<unsigned char>(rng());
            std::memset(at, fill, bytes);
            live.push_back({at, bytes, fill});
        } else {
            const std::size_t i = rng() % live.size();
            REQUIRE(intact(live[i]));
            ++checked;
            pool.release(live[i].at);
            live[i] = live.back();
            live.pop_back();
        }
    }
    CHECK(checked > 50000);
    CHECK(pool.stats().small_objects > 0);
    for (const Object& o : live) {
        REQUIRE(intact(o));
        pool.release(o.at);
    }
    // Every slab went back to malloc with its last object.
    CHECK(pool.stats().slabs == 0);
    CHECK(pool.stats().small_objects == 0);
}

TEST_CASE("the small-object pool reuses a freed object's space and frees a slab with its last object", "[pool]") {
    ma::SmallObjectPool pool;
    void* a = pool.allocate(24);
    void* b = pool.allocate(24);
    CHECK(pool.stats().slabs == 1);
    CHECK(pool.stats().small_objects == 2);
    pool.release(a);
    CHECK(pool.allocate(20) == a);  // the same size class: the freed space first
    void* other = pool.allocate(200);  // another class, another slab
    CHECK(pool.stats().slabs == 2);
    // Fill a class's slab: the next object opens a second one.
    std::vector<void*> many;
    for (int i = 0; i < 2000; ++i) many.push_back(pool.allocate(100));
    CHECK(pool.stats().slabs > 3);
    for (void* p : many) pool.release(p);
    CHECK(pool.stats().slabs == 2);
    pool.release(a);
    pool.release(b);
    pool.release(other);
    CHECK(pool.stats().slabs == 0);
    // Large objects and null.
    void* large = pool.allocate(100000);
    CHECK(pool.stats().slabs == 0);
    std::memset(large, 1, 100000);
    pool.release(large);
    pool.release(nullptr);
    void* empty = pool.allocate(0);
    CHECK(empty != nullptr);
    pool.release(empty);
    CHECK(pool.stats().small_objects == 0);
}
