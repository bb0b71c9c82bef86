/** The shape of a dictionary with every leaf widened to string: the English one must have exactly the Russian keys. */
export type Dictionary<T> = { [K in keyof T]: T[K] extends string ? string : Dictionary<T[K]> };
