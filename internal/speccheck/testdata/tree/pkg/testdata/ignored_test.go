package pkg

var _ = "[AA-ONE-3] fixtures under testdata do not count"
