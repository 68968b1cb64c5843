// The store pattern every feature uses: state that only the store's reducers replace (views read it
// and dispatch actions, they never assign into it), and topics that views subscribe to.
// A reducer is (state, payload) => nextState and returns the same object when nothing changed,
// so subscribers are told only about real changes. State is frozen (one level deep), so a view
// that writes into it by mistake fails loudly instead of changing what other views show.

export class Store {
  /**
   * @param {object} initial   the first state
   * @param {Record<string, (state: object, payload: any) => object>} reducers  by action type
   */
  constructor(initial = {}, reducers = {}) {
    this.state = Object.freeze({ ...initial });
    this.reducers = reducers;
    this.listeners = new Map(); // topic -> Set(fn)
  }

  /**
   * Applies the reducer for `type`; when the state changed, notifies `state` subscribers and the
   * topic named after the action. Returns the new state.
   */
  dispatch(type, payload) {
    const reducer = this.reducers[type];
    if (!reducer) throw new Error(`no reducer for ${type}`);
    const next = reducer(this.state, payload);
    if (next === this.state) return this.state;
    const prev = this.state;
    this.state = Object.freeze(next);
    this.emit('state', { type, prev, state: this.state });
    this.emit(type, payload);
    return this.state;
  }

  /** Subscribes to a topic ('state' for every change, an action type, or a store-defined topic). */
  on(topic, fn) {
    if (!this.listeners.has(topic)) this.listeners.set(topic, new Set());
    this.listeners.get(topic).add(fn);
    return () => this.listeners.get(topic)?.delete(fn);
  }

  /** Calls fn(selected) now and whenever `select(state)` gives a different value. */
  select(select, fn) {
    let last = select(this.state);
    fn(last);
    return this.on('state', ({ state }) => {
      const value = select(state);
      if (!Object.is(value, last)) { last = value; fn(value); }
    });
  }

  emit(topic, data) {
    for (const fn of [...(this.listeners.get(topic) || [])]) {
      try { fn(data); } catch (e) { console.error(e); }
    }
  }

  /** Forgets every subscriber (the store's session ended). */
  close() {
    this.listeners.clear();
  }
}
