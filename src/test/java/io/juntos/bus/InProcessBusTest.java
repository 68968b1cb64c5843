package io.juntos.bus;

/** The bus contract on the in-process bus: two nodes of one hub. */
class InProcessBusTest extends BusContract {
    @Override
    Bus[] twoNodes() {
        var hub = new InProcessBus.Hub();
        return new Bus[]{hub.node(), hub.node()};
    }
}
