package http

import (
	"context"
	"sync"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/engine"
	"github.com/delegatezero/dz/internal/learn"
	"github.com/delegatezero/dz/internal/workspace"
)

// engines keeps one compiled engine per workspace. The store is the truth:
// an engine is reused for ttl, then the store's context revision is asked
// (one count) and the context read and compiled again only if it changed,
// so several servers on one database agree within ttl.
type engines struct {
	store dz.Store
	ttl   time.Duration
	now   func() time.Time
	mu    sync.Mutex
	byWS  map[int64]*cachedEngine
}

type cachedEngine struct {
	mu       sync.Mutex // one rebuild at a time per workspace
	eng      *compiled
	revision int64 // the store's context revision the engine was built from
	checked  time.Time
}

func newEngines(store dz.Store, ttl time.Duration, now func() time.Time) *engines {
	return &engines{store: store, ttl: ttl, now: now, byWS: map[int64]*cachedEngine{}}
}

// compiled is a workspace's engine with the stored version of every
// context entry it was built from, which audit records cite.
type compiled struct {
	*engine.Engine
	versions map[string]int // "TYPE/ID" → version
}

// get returns the workspace's engine, rebuilding it when its context changed.
func (es *engines) get(ctx context.Context, workspaceID int64) (*compiled, error) {
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
	rev, err := es.store.ContextRevision(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	if c.eng == nil || rev != c.revision { // read and compile the context only when it changed
		if rev == 0 {
			return nil, dz.Errorf(dz.EINVALID, "this workspace has no context yet: import a workspace folder first (dz serve --demo loads the demo)")
		}
		entries, err := es.store.Context(ctx, workspaceID)
		if err != nil {
			return nil, err
		}
		ws, err := workspace.FromEntries(entries)
		if err != nil {
			return nil, err
		}
		eng, err := engine.New(ws)
		if err != nil {
			return nil, err
		}
		versions := make(map[string]int, len(entries))
		for _, e := range entries {
			versions[string(e.Type)+"/"+e.ID] = e.Version
		}
		cs, err := es.corrections(ctx, workspaceID)
		if err != nil {
			return nil, err
		}
		eng.SetCorrections(cs)
		c.eng, c.revision = &compiled{Engine: eng, versions: versions}, rev
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

// maxCorrections is how many of the newest corrections an engine weighs.
const maxCorrections = 200

// corrections reads the workspace's newest corrections (drafts edited or
// rejected, outcomes overridden) with the cases they correct. The engine
// keeps those made under its own context; older ones no longer count.
func (es *engines) corrections(ctx context.Context, workspaceID int64) ([]*dz.Correction, error) {
	fbs, err := es.store.WorkspaceFeedback(ctx, dz.FeedbackFilter{WorkspaceID: workspaceID, Kinds: dz.CorrectionKinds, Limit: maxCorrections})
	if err != nil {
		return nil, err
	}
	var out []*dz.Correction
	for _, fb := range fbs {
		rec, err := es.store.Decision(ctx, workspaceID, fb.DecisionID)
		if err != nil {
			return nil, err
		}
		if c, ok := learn.CorrectionFrom(rec, fb); ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// refreshCorrections hands a cached engine the workspace's corrections
// after new feedback; an engine not built yet reads them when it is. On
// an error the engine keeps the corrections it had.
func (es *engines) refreshCorrections(ctx context.Context, workspaceID int64) error {
	es.mu.Lock()
	c := es.byWS[workspaceID]
	es.mu.Unlock()
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.eng == nil {
		return nil
	}
	cs, err := es.corrections(ctx, workspaceID)
	if err != nil {
		return err
	}
	c.eng.SetCorrections(cs)
	return nil
}
