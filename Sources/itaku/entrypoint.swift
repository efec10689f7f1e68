import ItakuServer

Entrypoint.prepareProcess()
await Entrypoint.main()
