package storage

import (
	"crypto/rand"
	"encoding/binary"
	"sync"
	"time"
)

// newUUIDs fills block (16 bytes per id) with new time-ordered UUIDs
// (version 7, RFC 9562), as uuid.NewV7 makes them one at a time: 48 bits
// of Unix milliseconds, 12 bits of sub-millisecond time that also serve
// as a sequence (each id one above the last, so they increase strictly
// within this process and land at the end of the primary-key index), and
// 62 random bits. An import makes one per new annotation; a clock read
// and a locked draw from the random pool for each were 4% of an import
// of a million spans (issue 14). Here a document's ids take one clock
// read and one read of random bytes.
func newUUIDs(block []byte) {
	n := len(block) / 16
	if n == 0 {
		return
	}
	rand.Read(block) // never fails (crypto/rand)
	nano := time.Now().UnixNano()
	stamp := (nano/1e6)<<12 | (nano%1e6)>>8 // as uuid.NewV7: ms, then the next 12 bits of the time
	v7Clock.Lock()
	if stamp <= v7Clock.last {
		stamp = v7Clock.last + 1
	}
	v7Clock.last = stamp + int64(n) - 1
	v7Clock.Unlock()
	var ms [8]byte
	for i := range n {
		t := stamp + int64(i)
		u := block[16*i : 16*i+16]
		binary.BigEndian.PutUint64(ms[:], uint64(t>>12))
		copy(u[0:6], ms[2:8])
		u[6] = 0x70 | byte(t>>8)&0x0f // version 7
		u[7] = byte(t)
		u[8] = u[8]&0x3f | 0x80 // the RFC 9562 variant
	}
}

// v7Clock is the last stamp newUUIDs gave out.
var v7Clock struct {
	sync.Mutex
	last int64
}
