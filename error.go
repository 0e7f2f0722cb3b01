package dz

import (
	"errors"
	"fmt"
)

// Error codes shown to users. They are stable: clients may switch on them.
const (
	EINVALID      = "invalid"      // the input is malformed or breaks a rule; the message says what to fix
	ENOTFOUND     = "not_found"    // the named thing does not exist
	ECONFLICT     = "conflict"     // the request contradicts existing state
	EUNAUTHORIZED = "unauthorized" // no API key, or one that is unknown or revoked
	EFORBIDDEN    = "forbidden"    // the caller may not do this
	ERATELIMIT    = "rate_limited" // too many requests; retry later
	EINTERNAL     = "internal"     // a bug or an outage; details go to the operator's log only
)

// Error is an error meant for the user. Code is one of the E* constants;
// Message says what is wrong and how to fix it.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string { return fmt.Sprintf("dz error: code=%s message=%s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the user-facing message of the first *Error in err's
// chain, or a generic message for other errors so internals never leak.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	default:
		return "Internal error."
	}
}
