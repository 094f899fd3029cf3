;; The CSV scanner's structure (csv.ts), found sixteen bytes at a time over a
;; thread's read chunks where they were read into (chunk-memory.ts): the
;; offset of every delimiter and line feed, in order, for the JavaScript to cut
;; fields at instead of testing each byte itself. A quote stops it: a quoted
;; field is the JavaScript's byte loop's to read, with csv-parse's rules.
;; Compiled by scripts/wasm.mjs into csv-index-module.ts.
(module
  ;; The thread's read chunks and the index's own words (chunk-memory.ts).
  (import "engage" "chunks" (memory 1))

  ;; The delimiters and line feeds of [$at, $to) up to the first quote, at
  ;; most $cap of them: their offsets go to $out + 4, $out + 8, …, and how many
  ;; is returned. $out itself gets where the index stopped: every delimiter
  ;; and line feed before it is written. That is $to when the bytes ran out, a
  ;; quote's offset when one stopped it, or the offset of the first one not
  ;; written when $cap were.
  (func $csvIndex (export "csvIndex") (param $at i32) (param $to i32) (param $delimiter i32) (param $out i32) (param $cap i32) (result i32)
    (local $i i32)
    (local $n i32)
    (local $block v128)
    (local $delimiters v128)
    (local $found i32)
    (local $quotes i32)
    (local $byte i32)
    (local.set $i (local.get $at))
    (local.set $delimiters (i8x16.splat (local.get $delimiter)))
    (block $bytewise
      (loop $block16
        (br_if $bytewise (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $to)))
        (local.set $block (v128.load (local.get $i)))
        (local.set $found (i8x16.bitmask (v128.or
          (i8x16.eq (local.get $block) (local.get $delimiters))
          (i8x16.eq (local.get $block) (i8x16.splat (i32.const 10))))))
        (local.set $quotes (i8x16.bitmask (i8x16.eq (local.get $block) (i8x16.splat (i32.const 34)))))
        ;; Only what comes before the block's first quote.
        (if (local.get $quotes)
          (then (local.set $found (i32.and (local.get $found)
            (i32.sub (i32.shl (i32.const 1) (i32.ctz (local.get $quotes))) (i32.const 1))))))
        (block $written
          (loop $bit
            (br_if $written (i32.eqz (local.get $found)))
            (if (i32.eq (local.get $n) (local.get $cap))
              (then
                (i32.store (local.get $out) (i32.add (local.get $i) (i32.ctz (local.get $found))))
                (return (local.get $n))))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2)))
              (i32.add (local.get $i) (i32.ctz (local.get $found))))
            (local.set $found (i32.and (local.get $found) (i32.sub (local.get $found) (i32.const 1))))
            (br $bit)))
        (if (local.get $quotes)
          (then
            (i32.store (local.get $out) (i32.add (local.get $i) (i32.ctz (local.get $quotes))))
            (return (local.get $n))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $block16)))
    ;; The last few bytes, one at a time.
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (local.set $byte (i32.load8_u (local.get $i)))
        (if (i32.eq (local.get $byte) (i32.const 34))
          (then
            (i32.store (local.get $out) (local.get $i))
            (return (local.get $n))))
        (if (i32.or (i32.eq (local.get $byte) (local.get $delimiter)) (i32.eq (local.get $byte) (i32.const 10)))
          (then
            (if (i32.eq (local.get $n) (local.get $cap))
              (then
                (i32.store (local.get $out) (local.get $i))
                (return (local.get $n))))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.store (local.get $out) (local.get $to))
    (local.get $n))
)
