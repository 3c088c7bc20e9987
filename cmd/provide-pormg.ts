export { providePormgModule as providePormg } from "../src/pormg-module.ts";
