import ItakuCore

// FluentKit has its own `Page` and `PageRequest`; inside this module the names mean the core's.
typealias Page = ItakuCore.Page
typealias PageRequest = ItakuCore.PageRequest
