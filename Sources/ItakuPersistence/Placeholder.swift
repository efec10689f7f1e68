import FluentKit
