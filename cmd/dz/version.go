package main

import (
	"runtime/debug"

	"github.com/delegatezero/dz/internal/engine"
)

// version reports the engine version and, when known, the build's module version.
func version() string {
	v := engine.Version
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v += " (" + bi.Main.Version + ")"
	}
	return v
}
