package suggest

// featIndex maps feature hashes to weight blocks: an open-addressing hash
// table with linear probing. The tagger looks up some forty features per
// token; with Go's map that was two thirds of both training and
// prediction time (CPU profile of BenchmarkTaggerPredict1MB), with this
// flat table a probe is one multiply and usually one cache line.
type featIndex struct {
	keys  []uint64 // 0: empty slot (key 0 is stored as 1, see slotKey)
	vals  []int32
	n     int
	shift uint
}

func newFeatIndex(capacity int) *featIndex {
	size, shift := 16, uint(64-4)
	for size < capacity*2 {
		size *= 2
		shift--
	}
	return &featIndex{keys: make([]uint64, size), vals: make([]int32, size), shift: shift}
}

// slotKey keeps 0 free as the empty mark; two features colliding there
// are as rare as any 64-bit collision.
func slotKey(k uint64) uint64 {
	if k == 0 {
		return 1
	}
	return k
}

func (ix *featIndex) get(k uint64) (int32, bool) {
	k = slotKey(k)
	mask := uint64(len(ix.keys) - 1)
	for i := (k * 0x9E3779B97F4A7C15) >> ix.shift; ; i = (i + 1) & mask {
		switch ix.keys[i] {
		case k:
			return ix.vals[i], true
		case 0:
			return 0, false
		}
	}
}

func (ix *featIndex) put(k uint64, v int32) {
	if (ix.n+1)*2 > len(ix.keys) {
		ix.grow()
	}
	k = slotKey(k)
	mask := uint64(len(ix.keys) - 1)
	for i := (k * 0x9E3779B97F4A7C15) >> ix.shift; ; i = (i + 1) & mask {
		switch ix.keys[i] {
		case k:
			ix.vals[i] = v
			return
		case 0:
			ix.keys[i], ix.vals[i] = k, v
			ix.n++
			return
		}
	}
}

func (ix *featIndex) grow() {
	old := *ix
	*ix = *newFeatIndex(len(old.keys))
	for i, k := range old.keys {
		if k != 0 {
			ix.put(k, old.vals[i])
		}
	}
}

// each calls fn for every entry.
func (ix *featIndex) each(fn func(k uint64, v int32)) {
	for i, k := range ix.keys {
		if k != 0 {
			fn(k, ix.vals[i])
		}
	}
}

func (ix *featIndex) len() int { return ix.n }
