package postgres

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/delegatezero/dz"
)

// A cursor is the (created_at, id) of the last decision on a page, as
// opaque base64: "<unix microseconds>.<id>". internal/sqlite uses the same.

// encodeCursor returns the cursor after a decision.
func encodeCursor(createdAt time.Time, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(createdAt.UnixMicro(), 10) + "." + id))
}

// decodeCursor returns the position a cursor names; EINVALID if it is not one.
func decodeCursor(c string) (us int64, id string, err error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, "", dz.Errorf(dz.EINVALID, "cursor %q is not one this server gave out", c)
	}
	head, id, ok := strings.Cut(string(raw), ".")
	us, perr := strconv.ParseInt(head, 10, 64)
	if !ok || perr != nil || id == "" || !validText(id) {
		return 0, "", dz.Errorf(dz.EINVALID, "cursor %q is not one this server gave out", c)
	}
	return us, id, nil
}

// pageSize applies the documented limits: 0 or less means 50, at most 200.
func pageSize(limit int) int {
	switch {
	case limit <= 0:
		return 50
	case limit > 200:
		return 200
	}
	return limit
}

// fromMicros turns a cursor's microseconds back into a time.
func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }
