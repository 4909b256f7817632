import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace cells. */
export namespace cells {

    /**
     * Properties of a CellQuery.
     * @deprecated Use cells.CellQuery.$Properties instead.
     */
    interface ICellQuery extends cells.CellQuery.$Properties {
    }

    /** Represents a CellQuery. */
    class CellQuery {

        /**
         * Constructs a new CellQuery.
         * @param [properties] Properties to set
         */
        constructor(properties?: cells.CellQuery.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** CellQuery topic. */
        topic: string;

        /** CellQuery vector. */
        vector: number[];

        /** CellQuery k. */
        k: number;

        /**
         * Creates a new CellQuery instance using the specified properties.
         * @param [properties] Properties to set
         * @returns CellQuery instance
         */
        static create(properties: cells.CellQuery.$Shape): cells.CellQuery & cells.CellQuery.$Shape;
        static create(properties?: cells.CellQuery.$Properties): cells.CellQuery;

        /**
         * Encodes the specified CellQuery message. Does not implicitly {@link cells.CellQuery.verify|verify} messages.
         * @param message CellQuery message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: cells.CellQuery.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a CellQuery message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {cells.CellQuery & cells.CellQuery.$Shape} CellQuery
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): cells.CellQuery & cells.CellQuery.$Shape;

        /**
         * Creates a CellQuery message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns CellQuery
         */
        static fromObject(object: { [k: string]: any }): cells.CellQuery;

        /**
         * Creates a plain object from a CellQuery message. Also converts values to other types if specified.
         * @param message CellQuery
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: cells.CellQuery, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this CellQuery to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for CellQuery
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace CellQuery {

        /** Properties of a CellQuery. */
        interface $Properties {

            /** CellQuery topic */
            topic?: (string|null);

            /** CellQuery vector */
            vector?: (number[]|null);

            /** CellQuery k */
            k?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a CellQuery. */
        type $Shape = cells.CellQuery.$Properties;
    }

    /**
     * Properties of a CellQueryInfo.
     * @deprecated Use cells.CellQueryInfo.$Properties instead.
     */
    interface ICellQueryInfo extends cells.CellQueryInfo.$Properties {
    }

    /** Represents a CellQueryInfo. */
    class CellQueryInfo {

        /**
         * Constructs a new CellQueryInfo.
         * @param [properties] Properties to set
         */
        constructor(properties?: cells.CellQueryInfo.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** CellQueryInfo cards. */
        cards: number;

        /** CellQueryInfo shards. */
        shards: number;

        /** CellQueryInfo shard. */
        shard: number;

        /**
         * Creates a new CellQueryInfo instance using the specified properties.
         * @param [properties] Properties to set
         * @returns CellQueryInfo instance
         */
        static create(properties: cells.CellQueryInfo.$Shape): cells.CellQueryInfo & cells.CellQueryInfo.$Shape;
        static create(properties?: cells.CellQueryInfo.$Properties): cells.CellQueryInfo;

        /**
         * Encodes the specified CellQueryInfo message. Does not implicitly {@link cells.CellQueryInfo.verify|verify} messages.
         * @param message CellQueryInfo message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: cells.CellQueryInfo.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a CellQueryInfo message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {cells.CellQueryInfo & cells.CellQueryInfo.$Shape} CellQueryInfo
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): cells.CellQueryInfo & cells.CellQueryInfo.$Shape;

        /**
         * Creates a CellQueryInfo message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns CellQueryInfo
         */
        static fromObject(object: { [k: string]: any }): cells.CellQueryInfo;

        /**
         * Creates a plain object from a CellQueryInfo message. Also converts values to other types if specified.
         * @param message CellQueryInfo
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: cells.CellQueryInfo, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this CellQueryInfo to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for CellQueryInfo
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace CellQueryInfo {

        /** Properties of a CellQueryInfo. */
        interface $Properties {

            /** CellQueryInfo cards */
            cards?: (number|null);

            /** CellQueryInfo shards */
            shards?: (number|null);

            /** CellQueryInfo shard */
            shard?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a CellQueryInfo. */
        type $Shape = cells.CellQueryInfo.$Properties;
    }
}
