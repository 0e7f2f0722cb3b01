package http

import (
	"sync"
	"time"

	"github.com/delegatezero/dz"
)

// keyCacheTTL is how long a checked API key is trusted without asking the
// store again. A key revoked through this server stops at once; one revoked
// through another server on the same database stops within this time.
const keyCacheTTL = 2 * time.Second

// keyCache remembers recently checked keys by secret hash, so a busy
// caller does not cost a store query per request.
type keyCache struct {
	mu   sync.Mutex
	keys map[string]cachedKey
}

type cachedKey struct {
	key     *dz.APIKey
	expires time.Time
}

func (c *keyCache) get(hash string, now time.Time) *dz.APIKey {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.keys[hash]
	if !ok || now.After(k.expires) {
		return nil
	}
	return k.key
}

func (c *keyCache) put(hash string, key *dz.APIKey, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.keys == nil || len(c.keys) > 10_000 { // bounded: a flood of keys only resets it
		c.keys = map[string]cachedKey{}
	}
	c.keys[hash] = cachedKey{key: key, expires: now.Add(keyCacheTTL)}
}

// forget drops a workspace's key after it was revoked here.
func (c *keyCache) forget(workspaceID int64, keyID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for h, k := range c.keys {
		if k.key.WorkspaceID == workspaceID && k.key.ID == keyID {
			delete(c.keys, h)
		}
	}
}
