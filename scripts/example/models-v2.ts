// The example's models, version 2: drivers get a nationality, results a constructor.
import { Models } from "pormg";

export const Circuit = Models.Model({
  circuitId: Models.IDField(),
  name: Models.CharField({ maxLength: 255 }),
  country: Models.CharField({ maxLength: 60 }),
  lat: Models.FloatField({ null: true }),
});

export const Driver = Models.Model({
  driverId: Models.IDField(),
  code: Models.CharField({ maxLength: 3, unique: true }),
  surname: Models.CharField({ maxLength: 100 }),
  nationality: Models.CharField({ maxLength: 60, default: "Unknown" }),
});

export const Constructor = Models.Model({
  constructorId: Models.IDField(),
  name: Models.CharField({ maxLength: 100, unique: true }),
});

export const Race = Models.Model(
  {
    raceId: Models.IDField(),
    circuit: Models.ForeignKey(Circuit, { onDelete: "CASCADE", dbColumn: "circuitId" }),
    year: Models.IntegerField(),
    round: Models.PositiveSmallIntegerField(),
  },
  { constraints: [Models.UniqueConstraint({ fields: ["year", "round"] })] },
);

export const Result = Models.Model({
  resultId: Models.IDField(),
  race: Models.ForeignKey(Race, { onDelete: "CASCADE", dbColumn: "raceId" }),
  driver: Models.ForeignKey(Driver, { onDelete: "RESTRICT", dbColumn: "driverId" }),
  team: Models.ForeignKey(Constructor, { null: true, onDelete: "SET_NULL", dbColumn: "constructorId" }),
  position: Models.PositiveSmallIntegerField({ null: true }),
  points: Models.DecimalField({ maxDigits: 5, decimalPlaces: 2, default: 0 }),
});
