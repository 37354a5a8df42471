package postgres

import "sync"

// recent keeps the values of the last size keys put, oldest dropped
// first: what a handle last wrote or read of rows it may write again,
// for the one-trip edits that guard on them (anncache.go, relcache.go).
type recent[V any] struct {
	size  int
	mu    sync.Mutex
	m     map[string]V
	order []string // oldest first; may name keys forgotten since
}

func (c *recent[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

func (c *recent[V]) put(key string, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]V{}
	}
	if _, ok := c.m[key]; !ok {
		c.order = append(c.order, key)
	}
	c.m[key] = v
	for len(c.m) > c.size && len(c.order) > 0 {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
	if len(c.order) > 2*c.size { // forgotten keys piling up
		kept := c.order[:0]
		for _, k := range c.order {
			if _, ok := c.m[k]; ok {
				kept = append(kept, k)
			}
		}
		c.order = kept
	}
}

func (c *recent[V]) forget(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
}
