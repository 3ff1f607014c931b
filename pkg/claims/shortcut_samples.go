package claims

import (
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// shortcutGarmentName names a Fashion-MNIST class.
func shortcutGarmentName(class int) string {
	if class >= 0 && class < len(datasets.ShortcutGarmentNames) {
		return datasets.ShortcutGarmentNames[class]
	}
	return fmt.Sprintf("class %d", class)
}

// shortcutFirst returns the first n images of a set.
func shortcutFirst(s datasets.ShortcutSet, n int) datasets.ShortcutSet {
	d := s.Spec.Size * s.Spec.Size
	out := s
	out.Spec.N = n
	out.Data = s.Data.Slice(0, n)
	out.Background, out.Scale = s.Background[:n], s.Scale[:n]
	out.UsualBackground, out.UsualSize = s.UsualBackground[:n], s.UsualSize[:n]
	out.Mask = s.Mask[:n*d]
	return out
}

// shortcutLearningSamples draws a few images of every training and test set.
func shortcutLearningSamples(cfg ShortcutLearningConfig, cues []string, garmentsFor func(string, bool) *datasets.ImageSet) ([]ShortcutSampleSet, error) {
	if cfg.SampleImages == 0 {
		return nil, nil
	}
	var out []ShortcutSampleSet
	for i, cue := range cues {
		classes := datasets.ShortcutClassNames
		if cue == ShortcutCueGarments {
			classes = [2]string{shortcutGarmentName(cfg.GarmentClasses[0]), shortcutGarmentName(cfg.GarmentClasses[1])}
		}
		match := cfg.BackgroundMatch
		if cue == ShortcutCueSize {
			match = cfg.SizeMatch
		}
		train := cfg.trainSpec(cue, 0, match, shortcutSeed(cfg.Seed, shortcutSeedSamples, i), garmentsFor(cue, false))
		prefix := cue + " cue"
		if cue == ShortcutCueGarments {
			prefix = "garments"
		}
		s, err := shortcutSamples(prefix+": training", train, cfg.SampleImages, classes)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
		tests := cfg.testSpecs(cue, garmentsFor(cue, true))
		for _, name := range shortcutTests {
			spec, ok := tests[name]
			if !ok || name == ShortcutTestInDist {
				continue // the in-distribution test looks like the training set
			}
			spec.Seed = shortcutSeed(cfg.Seed, shortcutSeedSamples, 10*(i+1)+len(out))
			s, err := shortcutSamples(prefix+": "+name+" test", spec, cfg.SampleImages, classes)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
	}
	return out, nil
}
