;; The NDJSON scanner's byte work (ndjson-bytes.ts), over a thread's read
;; chunks where they were read into (chunk-memory.ts): a line's members walked
;; and its keys matched (lineMembers), and a nested object or list stepped
;; over (containerEnd). Compiled by scripts/wasm.mjs into ndjson-scan-module.ts.
;;
;; lineMembers: one line's members, for a reader that takes a few columns of
;; many. Each key is matched with the key at its place in the lines before
;; (the table JavaScript keeps, below), and the values of the columns read
;; are left as where they start and end; everything else is stepped over.
;; Anything it does not take — a key not at its place, a value a column reads
;; that is escaped or nested, a key met twice, anything malformed — answers 0,
;; and the JavaScript reads the line itself, so the cells are always its own.
;;
;; The table, at $t (chunk-memory.ts writes it):
;;   $t + 16p:        place p's key: its bytes' address, their length (-1: none
;;                    known), and where its value goes: a slot (0 on), -1 when
;;                    no column reads it, -2 when only the JavaScript may read it
;;   $t + 1024 + 16s: slot s, set here: the value's start (-1: no such key in
;;                    the line), its end, and 1 for a string (start and end
;;                    inside its quotes), 2 for a number, true, false or null
;;   $t + 2048:       the number of slots
;;
;; containerEnd: where a nested JSON object or list ends, the same answer as
;; chunk-memory.ts containerEndBytewise, sixteen bytes at a time: per block,
;; bit masks of its quotes and brackets; a running XOR of the quote bits marks
;; the bytes inside strings, and only the brackets outside them are walked. A
;; block that holds a backslash is read a byte at a time, as the JavaScript
;; does, so an escaped quote never counts.
(module
  ;; The thread's read chunks (chunk-memory.ts): the scanner reads them where they were read into.
  (import "engage" "chunks" (memory 1))

  ;; Just past the bracket that closes the object or list opened at $at, or -1
  ;; when it does not close before $to. Brackets inside strings do not count; a
  ;; backslash in a string hides the byte after it; a bracket of the other kind
  ;; closes as well (the caller's JSON.parse judges the line). Read 32 bytes a
  ;; step where it can, else 16; a block deeper than it has closing brackets
  ;; outside strings cannot close the value, and only its depth is counted (a
  ;; GA4 line's event_params is such blocks, end to end), else its brackets
  ;; are walked in order.
  (func $containerEnd (export "containerEnd") (param $at i32) (param $to i32) (result i32)
    (local $i i32)
    (local $depth i32)
    ;; 1 inside a string
    (local $in i32)
    ;; bytes before this one are read one at a time (a backslash was in their block)
    (local $bytewise i32)
    (local $byte i32)
    (local $block v128)
    (local $high v128)
    (local $folded v128)
    (local $opens i32)
    (local $closes i32)
    (local $quotes i32)
    (local $inside i32)
    (local $width i32)
    (local $brackets i32)
    (local $k i32)
    (local.set $i (local.get $at))
    (loop $next
      (if (i32.ge_u (local.get $i) (local.get $to)) (then (return (i32.const -1))))
      (local.set $width (i32.const 0))
      (if (i32.ge_u (local.get $i) (local.get $bytewise))
        (then
          (if (i32.le_u (i32.add (local.get $i) (i32.const 32)) (local.get $to))
            (then
              (local.set $block (v128.load (local.get $i)))
              (local.set $high (v128.load offset=16 (local.get $i)))
              (if (i32.or
                    (i8x16.bitmask (i8x16.eq (local.get $block) (i8x16.splat (i32.const 92))))
                    (i8x16.bitmask (i8x16.eq (local.get $high) (i8x16.splat (i32.const 92)))))
                (then (local.set $bytewise (i32.add (local.get $i) (i32.const 32))))
                (else
                  ;; [ and { are 0x5b and 0x7b, ] and } 0x5d and 0x7d: the same with bit 5 set.
                  (local.set $folded (v128.or (local.get $block) (i8x16.splat (i32.const 32))))
                  (local.set $opens (i8x16.bitmask (i8x16.eq (local.get $folded) (i8x16.splat (i32.const 123)))))
                  (local.set $closes (i8x16.bitmask (i8x16.eq (local.get $folded) (i8x16.splat (i32.const 125)))))
                  (local.set $quotes (i8x16.bitmask (i8x16.eq (local.get $block) (i8x16.splat (i32.const 34)))))
                  (local.set $folded (v128.or (local.get $high) (i8x16.splat (i32.const 32))))
                  (local.set $opens (i32.or (local.get $opens) (i32.shl (i8x16.bitmask (i8x16.eq (local.get $folded) (i8x16.splat (i32.const 123)))) (i32.const 16))))
                  (local.set $closes (i32.or (local.get $closes) (i32.shl (i8x16.bitmask (i8x16.eq (local.get $folded) (i8x16.splat (i32.const 125)))) (i32.const 16))))
                  (local.set $quotes (i32.or (local.get $quotes) (i32.shl (i8x16.bitmask (i8x16.eq (local.get $high) (i8x16.splat (i32.const 34)))) (i32.const 16))))
                  (local.set $width (i32.const 32)))))
            (else
              (if (i32.le_u (i32.add (local.get $i) (i32.const 16)) (local.get $to))
                (then
                  (local.set $block (v128.load (local.get $i)))
                  (if (i8x16.bitmask (i8x16.eq (local.get $block) (i8x16.splat (i32.const 92))))
                    (then (local.set $bytewise (i32.add (local.get $i) (i32.const 16))))
                    (else
                      (local.set $folded (v128.or (local.get $block) (i8x16.splat (i32.const 32))))
                      (local.set $opens (i8x16.bitmask (i8x16.eq (local.get $folded) (i8x16.splat (i32.const 123)))))
                      (local.set $closes (i8x16.bitmask (i8x16.eq (local.get $folded) (i8x16.splat (i32.const 125)))))
                      (local.set $quotes (i8x16.bitmask (i8x16.eq (local.get $block) (i8x16.splat (i32.const 34)))))
                      (local.set $width (i32.const 16))))))))))
      (if (local.get $width)
        (then
          ;; Each byte after an odd number of quotes is inside a string (flipped when the block starts inside one).
          (local.set $inside (i32.xor (local.get $quotes) (i32.shl (local.get $quotes) (i32.const 1))))
          (local.set $inside (i32.xor (local.get $inside) (i32.shl (local.get $inside) (i32.const 2))))
          (local.set $inside (i32.xor (local.get $inside) (i32.shl (local.get $inside) (i32.const 4))))
          (local.set $inside (i32.xor (local.get $inside) (i32.shl (local.get $inside) (i32.const 8))))
          (local.set $inside (i32.xor (local.get $inside) (i32.shl (local.get $inside) (i32.const 16))))
          (local.set $inside (i32.xor (local.get $inside) (i32.sub (i32.const 0) (local.get $in))))
          ;; The block's last byte says whether the next block starts inside a string (bits past a 16-byte block are left out).
          (local.set $in (i32.and (i32.shr_u (local.get $inside) (i32.sub (local.get $width) (i32.const 1))) (i32.const 1)))
          (local.set $opens (i32.and (local.get $opens) (i32.xor (local.get $inside) (i32.const -1))))
          (local.set $closes (i32.and (local.get $closes) (i32.xor (local.get $inside) (i32.const -1))))
          (if (i32.gt_u (local.get $depth) (i32.popcnt (local.get $closes)))
            (then
              ;; No prefix of the block closes as many brackets as are open: only the depth changes.
              (local.set $depth (i32.sub (i32.add (local.get $depth) (i32.popcnt (local.get $opens))) (i32.popcnt (local.get $closes)))))
            (else
              (local.set $brackets (i32.or (local.get $opens) (local.get $closes)))
              (block $walked
                (loop $bracket
                  (br_if $walked (i32.eqz (local.get $brackets)))
                  (local.set $k (i32.ctz (local.get $brackets)))
                  (if (i32.and (local.get $opens) (i32.shl (i32.const 1) (local.get $k)))
                    (then (local.set $depth (i32.add (local.get $depth) (i32.const 1))))
                    (else
                      (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
                      (if (i32.eqz (local.get $depth))
                        (then (return (i32.add (i32.add (local.get $i) (local.get $k)) (i32.const 1)))))))
                  (local.set $brackets (i32.and (local.get $brackets) (i32.sub (local.get $brackets) (i32.const 1))))
                  (br $bracket)))))
          (local.set $i (i32.add (local.get $i) (local.get $width)))
          (br $next)))
      ;; One byte: the last few of the range, or those of a block with a backslash.
      (local.set $byte (i32.load8_u (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (if (local.get $in)
        (then
          (if (i32.eq (local.get $byte) (i32.const 34))
            (then (local.set $in (i32.const 0)))
            (else
              (if (i32.eq (local.get $byte) (i32.const 92))
                (then (local.set $i (i32.add (local.get $i) (i32.const 1))))))))
        (else
          (if (i32.eq (local.get $byte) (i32.const 34))
            (then (local.set $in (i32.const 1)))
            (else
              (if (i32.eq (i32.or (local.get $byte) (i32.const 32)) (i32.const 123))
                (then (local.set $depth (i32.add (local.get $depth) (i32.const 1))))
                (else
                  (if (i32.eq (i32.or (local.get $byte) (i32.const 32)) (i32.const 125))
                    (then
                      (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
                      (if (i32.eqz (local.get $depth)) (then (return (local.get $i))))))))))))
      (br $next))
    (unreachable))

  (global $PLACES i32 (i32.const 64))

  ;; Past JSON's whitespace (space, tab, CR, LF) from $at.
  (func $skipSpace (param $at i32) (param $to i32) (result i32)
    (local $byte i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $to)))
        (local.set $byte (i32.load8_u (local.get $at)))
        (br_if $done (i32.eqz (i32.or
          (i32.or (i32.eq (local.get $byte) (i32.const 32)) (i32.eq (local.get $byte) (i32.const 9)))
          (i32.or (i32.eq (local.get $byte) (i32.const 13)) (i32.eq (local.get $byte) (i32.const 10))))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $next)))
    (local.get $at))

  ;; The first quote or backslash at or after $at, sixteen bytes at a time; $to when there is none before it.
  (func $quoteOrBackslash (param $at i32) (param $to i32) (result i32)
    (local $block v128)
    (local $found i32)
    (local $byte i32)
    (block $bytewise
      (loop $block16
        (br_if $bytewise (i32.gt_u (i32.add (local.get $at) (i32.const 16)) (local.get $to)))
        (local.set $block (v128.load (local.get $at)))
        (local.set $found (i8x16.bitmask (v128.or
          (i8x16.eq (local.get $block) (i8x16.splat (i32.const 34)))
          (i8x16.eq (local.get $block) (i8x16.splat (i32.const 92))))))
        (if (local.get $found) (then (return (i32.add (local.get $at) (i32.ctz (local.get $found))))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $block16)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $to)))
        (local.set $byte (i32.load8_u (local.get $at)))
        (br_if $done (i32.or (i32.eq (local.get $byte) (i32.const 34)) (i32.eq (local.get $byte) (i32.const 92))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $next)))
    (local.get $at))

  ;; The quote that closes a string whose text starts at $at, a backslash hiding the byte after it; -1 when none does.
  (func $escapedStringEnd (param $at i32) (param $to i32) (result i32)
    (local $byte i32)
    (loop $next
      (if (i32.ge_u (local.get $at) (local.get $to)) (then (return (i32.const -1))))
      (local.set $byte (i32.load8_u (local.get $at)))
      (if (i32.eq (local.get $byte) (i32.const 34)) (then (return (local.get $at))))
      (local.set $at (i32.add (local.get $at) (select (i32.const 2) (i32.const 1) (i32.eq (local.get $byte) (i32.const 92)))))
      (br $next))
    (unreachable))

  ;; Just past a number, true, false or null at $at: the first comma, } or whitespace.
  (func $scalarEnd (param $at i32) (param $to i32) (result i32)
    (local $byte i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $to)))
        (local.set $byte (i32.load8_u (local.get $at)))
        (br_if $done (i32.or
          (i32.or (i32.eq (local.get $byte) (i32.const 44)) (i32.eq (local.get $byte) (i32.const 125)))
          (i32.or
            (i32.or (i32.eq (local.get $byte) (i32.const 32)) (i32.eq (local.get $byte) (i32.const 9)))
            (i32.or (i32.eq (local.get $byte) (i32.const 13)) (i32.eq (local.get $byte) (i32.const 10))))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $next)))
    (local.get $at))

  ;; Whether the $length bytes at $a are those at $b (a key of 1 to 8 bytes is
  ;; one masked compare in lineMembers, and comes here only when empty): sixteen bytes at a
  ;; time, the last block or the last eight bytes overlapping the one before,
  ;; so that no byte is compared alone and nothing is read past either key.
  (func $sameBytes (param $a i32) (param $b i32) (param $length i32) (result i32)
    (local $k i32)
    (local $last i32)
    ;; An empty key (the only one under 8 bytes that comes here).
    (if (i32.lt_u (local.get $length) (i32.const 8))
      (then
        (loop $byte
          (if (i32.ge_u (local.get $k) (local.get $length)) (then (return (i32.const 1))))
          (if (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $k))) (i32.load8_u (i32.add (local.get $b) (local.get $k))))
            (then (return (i32.const 0))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $byte))))
    (if (i32.lt_u (local.get $length) (i32.const 16))
      (then
        (local.set $last (i32.sub (local.get $length) (i32.const 8)))
        (return (i32.and
          (i64.eq (i64.load (local.get $a)) (i64.load (local.get $b)))
          (i64.eq (i64.load (i32.add (local.get $a) (local.get $last))) (i64.load (i32.add (local.get $b) (local.get $last))))))))
    (local.set $last (i32.sub (local.get $length) (i32.const 16)))
    (loop $block16
      (if (i32.gt_u (local.get $k) (local.get $last)) (then (local.set $k (local.get $last))))
      (if (i32.eqz (i8x16.all_true (i8x16.eq
            (v128.load (i32.add (local.get $a) (local.get $k)))
            (v128.load (i32.add (local.get $b) (local.get $k))))))
        (then (return (i32.const 0))))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br_if $block16 (i32.lt_u (local.get $k) (i32.add (local.get $last) (i32.const 16)))))
    (i32.const 1))

  ;; The members of the line [$at, $to) (an object, spaces trimmed around it) into the slots of the table at $t:
  ;; 1 when every key was at its place and the object closes at the line's end, else 0 (the JavaScript reads it).
  (func (export "lineMembers") (param $at i32) (param $to i32) (param $t i32) (result i32)
    (local $slots i32)
    (local $s i32)
    (local $place i32)
    (local $entry i32)
    (local $length i32)
    (local $key i32)
    (local $known i32)
    (local $slot i32)
    (local $byte i32)
    (local $end i32)
    (local $kind i32)
    (local $start i32)
    (local.set $slots (i32.add (local.get $t) (i32.const 1024)))
    (local.set $s (i32.load (i32.add (local.get $t) (i32.const 2048))))
    (block $cleared
      (loop $clear
        (br_if $cleared (i32.eqz (local.get $s)))
        (local.set $s (i32.sub (local.get $s) (i32.const 1)))
        (i32.store (i32.add (local.get $slots) (i32.shl (local.get $s) (i32.const 4))) (i32.const -1))
        (br $clear)))
    (local.set $at (local.get $at))
      (if (i32.and (i32.lt_u (local.get $at) (local.get $to)) (i32.le_u (i32.load8_u (local.get $at)) (i32.const 32))) (then (local.set $at (call $skipSpace (local.get $at) (local.get $to)))))
    (if (i32.ge_u (local.get $at) (local.get $to)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 123)) (then (return (i32.const 0))))
    (local.set $at (i32.add (local.get $at) (i32.const 1)))
      (if (i32.and (i32.lt_u (local.get $at) (local.get $to)) (i32.le_u (i32.load8_u (local.get $at)) (i32.const 32))) (then (local.set $at (call $skipSpace (local.get $at) (local.get $to)))))
    (if (i32.lt_u (local.get $at) (local.get $to))
      (then
        (if (i32.eq (i32.load8_u (local.get $at)) (i32.const 125))
          (then (return (i32.eq (call $skipSpace (i32.add (local.get $at) (i32.const 1)) (local.get $to)) (local.get $to)))))))
    (loop $member
      (if (i32.ge_u (local.get $at) (local.get $to)) (then (return (i32.const 0))))
      (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 34)) (then (return (i32.const 0))))
      (if (i32.ge_u (local.get $place) (global.get $PLACES)) (then (return (i32.const 0))))
      ;; The key: the one at this place before, and a closing quote.
      (local.set $entry (i32.add (local.get $t) (i32.shl (local.get $place) (i32.const 4))))
      (local.set $length (i32.load offset=4 (local.get $entry)))
      (if (i32.lt_s (local.get $length) (i32.const 0)) (then (return (i32.const 0))))
      (local.set $key (i32.add (local.get $at) (i32.const 1)))
      (local.set $end (i32.add (local.get $key) (local.get $length)))
      (if (i32.ge_u (local.get $end) (local.get $to)) (then (return (i32.const 0))))
      (if (i32.ne (i32.load8_u (local.get $end)) (i32.const 34)) (then (return (i32.const 0))))
      (local.set $known (i32.load (local.get $entry)))
      (if (i32.and (i32.gt_u (local.get $length) (i32.const 0)) (i32.le_u (local.get $length) (i32.const 8)))
        (then
          ;; A short key: one compare of eight bytes, those past it masked off (the memory has room past the chunks).
          (if (i64.ne (i64.const 0) (i64.and
                (i64.xor (i64.load (local.get $key)) (i64.load (local.get $known)))
                (i64.shr_u (i64.const -1) (i64.extend_i32_u (i32.shl (i32.sub (i32.const 8) (local.get $length)) (i32.const 3))))))
            (then (return (i32.const 0)))))
        (else
          (if (i32.eqz (call $sameBytes (local.get $key) (local.get $known) (local.get $length))) (then (return (i32.const 0))))))
      (local.set $slot (i32.load offset=8 (local.get $entry)))
      (if (i32.eq (local.get $slot) (i32.const -2)) (then (return (i32.const 0))))
      (local.set $at (i32.add (local.get $end) (i32.const 1)))
      (if (i32.and (i32.lt_u (local.get $at) (local.get $to)) (i32.le_u (i32.load8_u (local.get $at)) (i32.const 32))) (then (local.set $at (call $skipSpace (local.get $at) (local.get $to)))))
      (if (i32.ge_u (local.get $at) (local.get $to)) (then (return (i32.const 0))))
      (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 58)) (then (return (i32.const 0))))
      (local.set $at (i32.add (local.get $at) (i32.const 1)))
      (if (i32.and (i32.lt_u (local.get $at) (local.get $to)) (i32.le_u (i32.load8_u (local.get $at)) (i32.const 32))) (then (local.set $at (call $skipSpace (local.get $at) (local.get $to)))))
      (if (i32.ge_u (local.get $at) (local.get $to)) (then (return (i32.const 0))))
      ;; The value.
      (local.set $byte (i32.load8_u (local.get $at)))
      (if (i32.eq (local.get $byte) (i32.const 34))
        (then
          (local.set $start (i32.add (local.get $at) (i32.const 1)))
          (local.set $end (call $quoteOrBackslash (local.get $start) (local.get $to)))
          (if (i32.ge_u (local.get $end) (local.get $to)) (then (return (i32.const 0))))
          (if (i32.eq (i32.load8_u (local.get $end)) (i32.const 92))
            (then
              ;; An escaped string a column reads is decoded by the JavaScript.
              (if (i32.ge_s (local.get $slot) (i32.const 0)) (then (return (i32.const 0))))
              (local.set $end (call $escapedStringEnd (local.get $end) (local.get $to)))
              (if (i32.lt_s (local.get $end) (i32.const 0)) (then (return (i32.const 0))))))
          (local.set $kind (i32.const 1))
          (local.set $at (i32.add (local.get $end) (i32.const 1))))
        (else
          (if (i32.eq (i32.or (local.get $byte) (i32.const 32)) (i32.const 123))
            (then
              ;; A nested value a column reads is parsed by the JavaScript.
              (if (i32.ge_s (local.get $slot) (i32.const 0)) (then (return (i32.const 0))))
              (local.set $at (call $containerEnd (local.get $at) (local.get $to)))
              (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i32.const 0)))))
            (else
              (local.set $start (local.get $at))
              (local.set $end (call $scalarEnd (local.get $at) (local.get $to)))
              (if (i32.le_u (local.get $end) (local.get $start)) (then (return (i32.const 0))))
              (local.set $kind (i32.const 2))
              (local.set $at (local.get $end))))))
      (if (i32.ge_s (local.get $slot) (i32.const 0))
        (then
          (local.set $entry (i32.add (local.get $slots) (i32.shl (local.get $slot) (i32.const 4))))
          ;; A key met twice: the JavaScript keeps the last value as JSON.parse does.
          (if (i32.ge_s (i32.load (local.get $entry)) (i32.const 0)) (then (return (i32.const 0))))
          (i32.store (local.get $entry) (local.get $start))
          (i32.store offset=4 (local.get $entry) (local.get $end))
          (i32.store offset=8 (local.get $entry) (local.get $kind))))
      ;; After the value: the next member, or the object's end at the line's.
      (local.set $at (local.get $at))
      (if (i32.and (i32.lt_u (local.get $at) (local.get $to)) (i32.le_u (i32.load8_u (local.get $at)) (i32.const 32))) (then (local.set $at (call $skipSpace (local.get $at) (local.get $to)))))
      (if (i32.ge_u (local.get $at) (local.get $to)) (then (return (i32.const 0))))
      (local.set $byte (i32.load8_u (local.get $at)))
      (if (i32.eq (local.get $byte) (i32.const 125))
        (then (return (i32.eq (call $skipSpace (i32.add (local.get $at) (i32.const 1)) (local.get $to)) (local.get $to)))))
      (if (i32.ne (local.get $byte) (i32.const 44)) (then (return (i32.const 0))))
      (local.set $at (i32.add (local.get $at) (i32.const 1)))
      (if (i32.and (i32.lt_u (local.get $at) (local.get $to)) (i32.le_u (i32.load8_u (local.get $at)) (i32.const 32))) (then (local.set $at (call $skipSpace (local.get $at) (local.get $to)))))
      (local.set $place (i32.add (local.get $place) (i32.const 1)))
      (br $member))
    (unreachable))
)
