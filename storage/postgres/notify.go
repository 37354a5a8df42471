package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/margin-app/margin/model"
)

// The triggers of migrations 004_live and 006_live_channels send one
// NOTIFY per changed document and layer, at commit: on the shared channel
// margin_changes, or in blind mode on the private channels of those who
// may read the layer (see 006 for why a payload without names on the
// shared channel would still tell an annotator what colleagues do). The
// listener asks the server which channels its role may hear.

// ownBackends are the server process ids of one handle's pool
// connections. PostgreSQL tells with each notification which process
// sent it, so a notification from one of these is the handle's own write,
// which the window already shows: it is not reported (no reload flash).
type ownBackends struct {
	mu   sync.Mutex
	pids map[uint32]bool
}

func newOwnBackends() *ownBackends { return &ownBackends{pids: map[uint32]bool{}} }

// track makes the pool configured by cfg record its connections' process
// ids as they are opened and closed.
func (o *ownBackends) track(cfg *pgxpool.Config) {
	after, before := cfg.AfterConnect, cfg.BeforeClose
	cfg.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
		o.mu.Lock()
		o.pids[c.PgConn().PID()] = true
		o.mu.Unlock()
		if after != nil {
			return after(ctx, c)
		}
		return nil
	}
	cfg.BeforeClose = func(c *pgx.Conn) {
		o.mu.Lock()
		delete(o.pids, c.PgConn().PID())
		o.mu.Unlock()
		if before != nil {
			before(c)
		}
	}
}

func (o *ownBackends) has(pid uint32) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.pids[pid]
}

// payload is a notification's JSON (see the migration).
type payload struct {
	Kind  string `json:"k"`
	Doc   int64  `json:"d"`
	Layer string `json:"l"`
}

// kindChannels is the notification that blind mode's private channels
// were renamed (a member removed or their role changed, migration 011):
// the listener asks for its channels again (listen.go).
const kindChannels = "channels"

// parseChange reads a notification's payload. A payload this build does
// not know (a newer Margin's) becomes ChangeAll: reloading everything is
// never wrong.
func parseChange(raw string) model.Change {
	var p payload
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		return model.Change{Kind: model.ChangeAll}
	}
	switch k := model.ChangeKind(p.Kind); k {
	case model.ChangeAnnotation, model.ChangeRelation, model.ChangeStatus, model.ChangeDocLabel,
		model.ChangeVerdict, model.ChangeDocument, model.ChangeSchema, model.ChangeAll:
		return model.Change{DocID: p.Doc, Kind: k, Layer: p.Layer}
	}
	return model.Change{Kind: model.ChangeAll}
}

// String is for test messages.
func changeString(c model.Change) string { return fmt.Sprintf("%s d%d %s", c.Kind, c.DocID, c.Layer) }
