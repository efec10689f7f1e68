/// Text of up to `maxLength` scalars drawn from every range of Unicode (each UTF-8 length, no
/// surrogates), for tests of what reads and writes JSON.
func randomText<G: RandomNumberGenerator>(maxLength: Int, using generator: inout G) -> String {
    let length = Int.random(in: 0...maxLength, using: &generator)
    var text = ""
    for _ in 0..<length {
        let range: ClosedRange<UInt32> = [0...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x10000...0x10FFFF].randomElement(using: &generator)!
        text.unicodeScalars.append(Unicode.Scalar(UInt32.random(in: range, using: &generator))!)
    }
    return text
}
