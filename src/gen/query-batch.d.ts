import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace querybatch. */
export namespace querybatch {

    /**
     * Properties of a QueryBatch.
     * @deprecated Use querybatch.QueryBatch.$Properties instead.
     */
    interface IQueryBatch extends querybatch.QueryBatch.$Properties {
    }

    /** Represents a QueryBatch. */
    class QueryBatch {

        /**
         * Constructs a new QueryBatch.
         * @param [properties] Properties to set
         */
        constructor(properties?: querybatch.QueryBatch.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** QueryBatch requests. */
        requests: Uint8Array[];

        /**
         * Creates a new QueryBatch instance using the specified properties.
         * @param [properties] Properties to set
         * @returns QueryBatch instance
         */
        static create(properties: querybatch.QueryBatch.$Shape): querybatch.QueryBatch & querybatch.QueryBatch.$Shape;
        static create(properties?: querybatch.QueryBatch.$Properties): querybatch.QueryBatch;

        /**
         * Encodes the specified QueryBatch message. Does not implicitly {@link querybatch.QueryBatch.verify|verify} messages.
         * @param message QueryBatch message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: querybatch.QueryBatch.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a QueryBatch message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {querybatch.QueryBatch & querybatch.QueryBatch.$Shape} QueryBatch
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): querybatch.QueryBatch & querybatch.QueryBatch.$Shape;

        /**
         * Creates a QueryBatch message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns QueryBatch
         */
        static fromObject(object: { [k: string]: any }): querybatch.QueryBatch;

        /**
         * Creates a plain object from a QueryBatch message. Also converts values to other types if specified.
         * @param message QueryBatch
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: querybatch.QueryBatch, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this QueryBatch to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for QueryBatch
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace QueryBatch {

        /** Properties of a QueryBatch. */
        interface $Properties {

            /** QueryBatch requests */
            requests?: (Uint8Array[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a QueryBatch. */
        type $Shape = querybatch.QueryBatch.$Properties;
    }

    /**
     * Properties of a QueryBatchAnswers.
     * @deprecated Use querybatch.QueryBatchAnswers.$Properties instead.
     */
    interface IQueryBatchAnswers extends querybatch.QueryBatchAnswers.$Properties {
    }

    /** Represents a QueryBatchAnswers. */
    class QueryBatchAnswers {

        /**
         * Constructs a new QueryBatchAnswers.
         * @param [properties] Properties to set
         */
        constructor(properties?: querybatch.QueryBatchAnswers.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** QueryBatchAnswers responses. */
        responses: Uint8Array[];

        /**
         * Creates a new QueryBatchAnswers instance using the specified properties.
         * @param [properties] Properties to set
         * @returns QueryBatchAnswers instance
         */
        static create(properties: querybatch.QueryBatchAnswers.$Shape): querybatch.QueryBatchAnswers & querybatch.QueryBatchAnswers.$Shape;
        static create(properties?: querybatch.QueryBatchAnswers.$Properties): querybatch.QueryBatchAnswers;

        /**
         * Encodes the specified QueryBatchAnswers message. Does not implicitly {@link querybatch.QueryBatchAnswers.verify|verify} messages.
         * @param message QueryBatchAnswers message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: querybatch.QueryBatchAnswers.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a QueryBatchAnswers message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {querybatch.QueryBatchAnswers & querybatch.QueryBatchAnswers.$Shape} QueryBatchAnswers
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): querybatch.QueryBatchAnswers & querybatch.QueryBatchAnswers.$Shape;

        /**
         * Creates a QueryBatchAnswers message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns QueryBatchAnswers
         */
        static fromObject(object: { [k: string]: any }): querybatch.QueryBatchAnswers;

        /**
         * Creates a plain object from a QueryBatchAnswers message. Also converts values to other types if specified.
         * @param message QueryBatchAnswers
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: querybatch.QueryBatchAnswers, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this QueryBatchAnswers to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for QueryBatchAnswers
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace QueryBatchAnswers {

        /** Properties of a QueryBatchAnswers. */
        interface $Properties {

            /** QueryBatchAnswers responses */
            responses?: (Uint8Array[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a QueryBatchAnswers. */
        type $Shape = querybatch.QueryBatchAnswers.$Properties;
    }
}
