package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"
)

// A checkpoint copies the pages written to the WAL back into the
// database file: it reads them, writes them and waits for the disk.
// SQLite's automatic checkpoint does that inside the commit that crosses
// its threshold, about every 80 decisions here, and each took around
// 10 ms of the single writer's time — a third of it under load. So a
// goroutine of its own checkpoints on its own connection while the writer
// goes on. PASSIVE checkpoints never block the writer or readers, but
// they cannot finish while new frames keep arriving, and SQLite only
// starts the WAL over after one that did; so the writer's own automatic
// checkpoint stays, at a higher threshold, to finish the last frames and
// let the WAL start over. The WAL then grows to about that many pages.

const (
	// checkpointEvery is how often the checkpointer looks for new WAL
	// frames.
	checkpointEvery = 20 * time.Millisecond
	// writerCheckpointPages is the writer's automatic checkpoint
	// threshold, 80 MB of 4 KB pages (SQLite's default is 1,000 pages).
	writerCheckpointPages = 20000
)

// openCheckpointer opens the connection checkpoints run on.
func openCheckpointer(path string) (*sql.DB, error) {
	c, err := sql.Open("sqlite", "file:"+path+"?"+pragmas)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s for checkpoints: %w", path, err)
	}
	c.SetMaxOpenConns(1)
	c.SetConnMaxLifetime(0)
	return c, nil
}

// wrote tells the checkpointer that the WAL has new frames; it never
// waits.
func (db *DB) wrote() {
	select {
	case db.dirty <- struct{}{}:
	default: // already told
	}
}

// checkpoints runs until Close, checkpointing after writes at most once
// every checkpointEvery.
func (db *DB) checkpoints() {
	defer close(db.checkpointed)
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	for {
		select {
		case <-db.quit:
			return
		case <-tick.C:
		}
		select {
		case <-db.dirty:
		default:
			continue // nothing written since the last checkpoint
		}
		if _, err := db.ckpt.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`); err != nil {
			slog.Warn("sqlite: background checkpoint failed; the writer's own checkpoints go on", "error", err)
		}
	}
}
