// The example's models, version 1: circuits, races, drivers and results (Formula 1).
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
  position: Models.PositiveSmallIntegerField({ null: true }),
  points: Models.DecimalField({ maxDigits: 5, decimalPlaces: 2, default: 0 }),
});
