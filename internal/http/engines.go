package http

import (
	"context"
	"sync"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/engine"
	"github.com/delegatezero/dz/internal/workspace"
)

// engines keeps one compiled engine per workspace. The store is the truth:
// an engine is reused for ttl, then the workspace's context is read again
// and the engine rebuilt only if the context changed, so several servers on
// one database agree within ttl.
type engines struct {
	store dz.Store
	ttl   time.Duration
	now   func() time.Time
	mu    sync.Mutex
	byWS  map[int64]*cachedEngine
}

type cachedEngine struct {
	mu      sync.Mutex // one rebuild at a time per workspace
	eng     *engine.Engine
	hash    string
	checked time.Time
}

func newEngines(store dz.Store, ttl time.Duration, now func() time.Time) *engines {
	return &engines{store: store, ttl: ttl, now: now, byWS: map[int64]*cachedEngine{}}
}

// get returns the workspace's engine, rebuilding it when its context changed.
func (es *engines) get(ctx context.Context, workspaceID int64) (*engine.Engine, error) {
	es.mu.Lock()
	c := es.byWS[workspaceID]
	if c == nil {
		c = &cachedEngine{}
		es.byWS[workspaceID] = c
	}
	es.mu.Unlock()

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.eng != nil && es.now().Sub(c.checked) < es.ttl {
		return c.eng, nil
	}
	entries, err := es.store.Context(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	ws, err := workspace.FromEntries(entries)
	if err != nil {
		return nil, err
	}
	if c.eng == nil || ws.Hash != c.hash {
		if len(entries) == 0 {
			return nil, dz.Errorf(dz.EINVALID, "this workspace has no context yet: import a workspace folder first (dz serve --demo loads the demo)")
		}
		eng, err := engine.New(ws)
		if err != nil {
			return nil, err
		}
		c.eng, c.hash = eng, ws.Hash
	}
	c.checked = es.now()
	return c.eng, nil
}

// invalidate drops a workspace's engine after this process changed its context.
func (es *engines) invalidate(workspaceID int64) {
	es.mu.Lock()
	delete(es.byWS, workspaceID)
	es.mu.Unlock()
}
