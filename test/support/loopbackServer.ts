// moved to test/scenarios/, where the Effect 4 edition's tests can read it too
export * from "../scenarios/loopbackServer.js"
