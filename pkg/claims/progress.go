package claims

import "context"

// ProgressFunc receives a claim's progress: done out of total steps of the named stage.
type ProgressFunc func(stage string, done, total int)

type progressKey struct{}

// WithProgress returns a context whose claims report progress to fn.
func WithProgress(ctx context.Context, fn ProgressFunc) context.Context {
	return context.WithValue(ctx, progressKey{}, fn)
}

// Progress reports progress to the function in ctx, if any. Long experiments call it between
// units of work (a training run, a sweep point), so that callers can show how far they are.
func Progress(ctx context.Context, stage string, done, total int) {
	if fn, ok := ctx.Value(progressKey{}).(ProgressFunc); ok && fn != nil {
		fn(stage, done, total)
	}
}
