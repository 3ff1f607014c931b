package sweep

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"unsafe"
)

// The codec below stores a point's result in a shard's file and reads it back in the merge,
// bit for bit: every float by its IEEE bits (NaN payloads, −0 and infinities included), nil
// and empty slices and maps kept apart (results.json writes one as null, the other as []),
// and unexported struct fields stored like exported ones. encoding/gob would silently drop
// unexported fields, and most point types (a claim's small private structs) have only those.
// A func, channel or non-nil interface has no stored form: encoding one is an error naming
// where it sits, never a silent loss. Pointers are followed (a value shared by two pointers
// comes back as two copies; point results are plain data, so nothing relies on sharing).

// maxDepth bounds how deep the codec follows pointers, slices and fields: a cycle is an error.
const maxDepth = 64

// Encode returns v's stored form.
func Encode[T any](v T) ([]byte, error) {
	var e encoder
	if err := e.value(reflect.ValueOf(&v).Elem(), reflect.TypeFor[T]().String(), 0); err != nil {
		return nil, err
	}
	return e.buf, nil
}

// Decode reads data, made by Encode from a value of type T, into *ptr.
func Decode[T any](data []byte, ptr *T) error {
	d := decoder{buf: data}
	if err := d.value(reflect.ValueOf(ptr).Elem(), reflect.TypeFor[T]().String(), 0); err != nil {
		return err
	}
	if len(d.buf) != 0 {
		return fmt.Errorf("%d bytes left over after decoding a %v: the file was made for another type", len(d.buf), reflect.TypeFor[T]())
	}
	return nil
}

type encoder struct{ buf []byte }

func (e *encoder) uvarint(x uint64) { e.buf = binary.AppendUvarint(e.buf, x) }

func (e *encoder) value(v reflect.Value, path string, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("%s: nested more than %d deep (a cycle?)", path, maxDepth)
	}
	switch v.Kind() {
	case reflect.Bool:
		b := uint64(0)
		if v.Bool() {
			b = 1
		}
		e.uvarint(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.buf = binary.AppendVarint(e.buf, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		e.uvarint(v.Uint())
	case reflect.Float32:
		e.buf = binary.LittleEndian.AppendUint32(e.buf, math.Float32bits(float32(v.Float())))
	case reflect.Float64:
		e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(v.Float()))
	case reflect.Complex64:
		c := v.Complex()
		e.buf = binary.LittleEndian.AppendUint32(e.buf, math.Float32bits(float32(real(c))))
		e.buf = binary.LittleEndian.AppendUint32(e.buf, math.Float32bits(float32(imag(c))))
	case reflect.Complex128:
		c := v.Complex()
		e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(real(c)))
		e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(imag(c)))
	case reflect.String:
		e.uvarint(uint64(v.Len()))
		e.buf = append(e.buf, v.String()...)
	case reflect.Slice:
		if v.IsNil() {
			e.uvarint(0)
			return nil
		}
		e.uvarint(uint64(v.Len()) + 1)
		for i := 0; i < v.Len(); i++ {
			if err := e.value(v.Index(i), fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if err := e.value(v.Index(i), fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
	case reflect.Map:
		if v.IsNil() {
			e.uvarint(0)
			return nil
		}
		e.uvarint(uint64(v.Len()) + 1)
		// Keys in the order of their stored form, so that a shard's file is itself
		// deterministic.
		type kv struct{ k, v []byte }
		var pairs []kv
		for it := v.MapRange(); it.Next(); {
			var ke, ve encoder
			if err := ke.value(it.Key(), path+"[key]", depth+1); err != nil {
				return err
			}
			if err := ve.value(it.Value(), fmt.Sprintf("%s[%v]", path, it.Key()), depth+1); err != nil {
				return err
			}
			pairs = append(pairs, kv{ke.buf, ve.buf})
		}
		slices.SortFunc(pairs, func(a, b kv) int { return bytes.Compare(a.k, b.k) })
		for _, p := range pairs {
			e.buf = append(append(e.buf, p.k...), p.v...)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < v.NumField(); i++ {
			if err := e.value(v.Field(i), path+"."+t.Field(i).Name, depth+1); err != nil {
				return err
			}
		}
	case reflect.Pointer:
		if v.IsNil() {
			e.uvarint(0)
			return nil
		}
		e.uvarint(1)
		return e.value(v.Elem(), "(*"+path+")", depth+1)
	case reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		if v.IsNil() {
			e.uvarint(0)
			return nil
		}
		return fmt.Errorf("%s: a %v holding a value cannot be stored in a shard's file; make the point's result plain data", path, v.Type())
	default:
		return fmt.Errorf("%s: kind %v cannot be stored", path, v.Kind())
	}
	return nil
}

type decoder struct{ buf []byte }

var errShort = errors.New("the stored value ends early: the file is truncated or was made for another type")

func (d *decoder) uvarint() (uint64, error) {
	x, n := binary.Uvarint(d.buf)
	if n <= 0 {
		return 0, errShort
	}
	d.buf = d.buf[n:]
	return x, nil
}

func (d *decoder) bytes(n int) ([]byte, error) {
	if n < 0 || len(d.buf) < n {
		return nil, errShort
	}
	b := d.buf[:n]
	d.buf = d.buf[n:]
	return b, nil
}

// settable makes an unexported field writable (v is addressable: it lies inside the value
// Decode was given).
func settable(v reflect.Value) reflect.Value {
	if v.CanSet() {
		return v
	}
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

// length reads a slice or map length (stored +1, 0 for nil) and checks it against what is
// left, so that a corrupt file cannot ask for a huge allocation.
func (d *decoder) length() (n int, isNil bool, err error) {
	x, err := d.uvarint()
	if err != nil {
		return 0, false, err
	}
	if x == 0 {
		return 0, true, nil
	}
	if x-1 > uint64(len(d.buf)) && x-1 > 1<<20 {
		return 0, false, errShort
	}
	return int(x - 1), false, nil
}

func (d *decoder) value(v reflect.Value, path string, depth int) (err error) {
	if depth > maxDepth {
		return fmt.Errorf("%s: nested more than %d deep", path, maxDepth)
	}
	v = settable(v)
	defer func() {
		if err != nil && err == errShort {
			err = fmt.Errorf("%s: %w", path, err)
		}
	}()
	switch v.Kind() {
	case reflect.Bool:
		x, err := d.uvarint()
		if err != nil {
			return err
		}
		v.SetBool(x == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x, n := binary.Varint(d.buf)
		if n <= 0 {
			return errShort
		}
		d.buf = d.buf[n:]
		v.SetInt(x)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		x, err := d.uvarint()
		if err != nil {
			return err
		}
		v.SetUint(x)
	case reflect.Float32:
		b, err := d.bytes(4)
		if err != nil {
			return err
		}
		v.SetFloat(float64(math.Float32frombits(binary.LittleEndian.Uint32(b))))
	case reflect.Float64:
		b, err := d.bytes(8)
		if err != nil {
			return err
		}
		v.SetFloat(math.Float64frombits(binary.LittleEndian.Uint64(b)))
	case reflect.Complex64:
		b, err := d.bytes(8)
		if err != nil {
			return err
		}
		v.SetComplex(complex(float64(math.Float32frombits(binary.LittleEndian.Uint32(b))), float64(math.Float32frombits(binary.LittleEndian.Uint32(b[4:])))))
	case reflect.Complex128:
		b, err := d.bytes(16)
		if err != nil {
			return err
		}
		v.SetComplex(complex(math.Float64frombits(binary.LittleEndian.Uint64(b)), math.Float64frombits(binary.LittleEndian.Uint64(b[8:]))))
	case reflect.String:
		n, err := d.uvarint()
		if err != nil {
			return err
		}
		b, err := d.bytes(int(min(n, math.MaxInt32)))
		if err != nil {
			return err
		}
		v.SetString(string(b))
	case reflect.Slice:
		n, isNil, err := d.length()
		if err != nil || isNil {
			return err
		}
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := 0; i < n; i++ {
			if err := d.value(s.Index(i), fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
		v.Set(s)
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if err := d.value(v.Index(i), fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
	case reflect.Map:
		n, isNil, err := d.length()
		if err != nil || isNil {
			return err
		}
		m := reflect.MakeMapWithSize(v.Type(), n)
		for i := 0; i < n; i++ {
			k := reflect.New(v.Type().Key()).Elem()
			if err := d.value(k, path+"[key]", depth+1); err != nil {
				return err
			}
			e := reflect.New(v.Type().Elem()).Elem()
			if err := d.value(e, fmt.Sprintf("%s[%v]", path, k), depth+1); err != nil {
				return err
			}
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < v.NumField(); i++ {
			if err := d.value(v.Field(i), path+"."+t.Field(i).Name, depth+1); err != nil {
				return err
			}
		}
	case reflect.Pointer:
		x, err := d.uvarint()
		if err != nil || x == 0 {
			return err
		}
		p := reflect.New(v.Type().Elem())
		if err := d.value(p.Elem(), "(*"+path+")", depth+1); err != nil {
			return err
		}
		v.Set(p)
	case reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		x, err := d.uvarint()
		if err != nil {
			return err
		}
		if x != 0 {
			return fmt.Errorf("%s: a stored %v that is not nil: the file was made by other code", path, v.Type())
		}
	default:
		return fmt.Errorf("%s: kind %v cannot be stored", path, v.Kind())
	}
	return nil
}
