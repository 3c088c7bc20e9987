import { Models } from "../../../src/model/models.ts";

/** A small Formula 1 model set for the query builder's unit tests (like scripts/example/models-v2.ts). */
export const Circuit = Models.Model({
  circuitId: Models.IDField(),
  name: Models.CharField({ maxLength: 255 }),
  country: Models.CharField({ maxLength: 60 }),
});

export const Driver = Models.Model({
  driverId: Models.IDField(),
  code: Models.CharField({ maxLength: 3 }),
  surname: Models.CharField({ maxLength: 100 }),
  born: Models.DateField({ null: true }),
  active: Models.BooleanField({ default: true }),
});

export const Constructor = Models.Model(
  { constructorId: Models.IDField(), name: Models.CharField() },
  { dbTable: "teams" },
);

export const Race = Models.Model({
  raceId: Models.IDField(),
  circuit: Models.ForeignKey(Circuit, { onDelete: "CASCADE", dbColumn: "circuitId" }),
  year: Models.IntegerField(),
});

export const Result = Models.Model({
  resultId: Models.IDField(),
  race: Models.ForeignKey(Race, { onDelete: "CASCADE", dbColumn: "raceId" }),
  driver: Models.ForeignKey(Driver, { onDelete: "RESTRICT", dbColumn: "driverId" }),
  team: Models.ForeignKey(Constructor, { null: true, onDelete: "SET_NULL", dbColumn: "constructorId" }),
  position: Models.PositiveSmallIntegerField({ null: true }),
  points: Models.DecimalField({ maxDigits: 5, decimalPlaces: 2, default: 0 }),
});

/** The models by export name, as `loadModels` returns them. */
export const F1 = { Circuit, Driver, Constructor, Race, Result };
