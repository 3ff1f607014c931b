package datasets

import (
	"fmt"
	"sync"
)

// FashionMNISTDirEnv names a folder to read Fashion-MNIST from instead of the search below.
const FashionMNISTDirEnv = "DLRETURNS_FASHION_MNIST_DIR"

var fashion struct {
	once        sync.Once
	train, test *ImageSet
	err         error
}

// FashionMNIST returns Xiao, Rasul & Vollgraf's Fashion-MNIST (2017): 60,000 + 10,000
// 28×28 images of 10 kinds of garment, in MNIST's format. It is read once per process and
// shared; where it is found and how it is checked is described at FashionMNISTSources.
func FashionMNIST() (train, test *ImageSet, err error) {
	fashion.once.Do(func() {
		defer guardLoad("Fashion-MNIST", &fashion.err)
		hookLoad("Fashion-MNIST")
		fashion.train, fashion.test, fashion.err = loadFashionMNIST(fashionMNISTSources())
	})
	if fashion.err != nil {
		return nil, nil, fmt.Errorf("Fashion-MNIST: %w", fashion.err)
	}
	return fashion.train, fashion.test, nil
}

// loadFashionMNIST reads the first source that holds the four files, after checking their
// contents against FashionMNISTSHA256.
func loadFashionMNIST(sources []fashionSource) (train, test *ImageSet, err error) {
	dir, err := findFashionMNIST(sources)
	if err != nil {
		return nil, nil, err
	}
	if train, err = readIDXPair(dir, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", 10); err != nil {
		return nil, nil, err
	}
	if test, err = readIDXPair(dir, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", 10); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}
