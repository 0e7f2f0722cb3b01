package http

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/delegatezero/dz"
)

type keyCtx struct{}

// authed requires a valid API key and puts it in the request's context.
func (s *Server) authed(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || strings.TrimSpace(secret) == "" {
			return dz.Errorf(dz.EUNAUTHORIZED, "send your API key as \"Authorization: Bearer dzk_…\" (create one with dz keys create)")
		}
		hash, now := dz.HashSecret(secret), time.Now()
		key := s.keys.get(hash, now)
		if key == nil {
			var err error
			key, err = s.cfg.Store.KeyByHash(r.Context(), hash)
			if dz.ErrorCode(err) == dz.ENOTFOUND {
				return dz.Errorf(dz.EUNAUTHORIZED, "this API key is unknown or revoked")
			}
			if err != nil {
				return err
			}
			s.keys.put(hash, key, now)
		}
		return h(w, r.WithContext(context.WithValue(r.Context(), keyCtx{}, key)))
	}
}

// apiKey returns the key authed put in the context.
func apiKey(ctx context.Context) *dz.APIKey {
	k, _ := ctx.Value(keyCtx{}).(*dz.APIKey)
	return k
}
