package numfmt_test

import (
	"fmt"

	"github.com/dlreturns/dlreturns/pkg/numfmt"
)

func Example() {
	fmt.Println(numfmt.Number(36.7))
	fmt.Println(numfmt.Number(921816))
	fmt.Println(numfmt.Number(4.699e6))
	fmt.Println(numfmt.Number(1e28))
	fmt.Println(numfmt.Range(921816, 1.82e7))
	fmt.Println(numfmt.Interval(1095, 1004, 1205))
	fmt.Println(numfmt.Money(1.1e15))
	// Output:
	// 36.7
	// 922,000
	// 4.7 million
	// 10²⁸
	// 0.922–18.2 million
	// 1,100 [1,000–1,200]
	// US$1.1×10¹⁵
}
