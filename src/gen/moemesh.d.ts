import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace moemesh. */
export namespace moemesh {

    /**
     * Properties of an ExpertCard.
     * @deprecated Use moemesh.ExpertCard.$Properties instead.
     */
    interface IExpertCard extends moemesh.ExpertCard.$Properties {
    }

    /** Represents an ExpertCard. */
    class ExpertCard {

        /**
         * Constructs a new ExpertCard.
         * @param [properties] Properties to set
         */
        constructor(properties?: moemesh.ExpertCard.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ExpertCard expertId. */
        expertId: Uint8Array;

        /** ExpertCard name. */
        name: string;

        /** ExpertCard version. */
        version: string;

        /** ExpertCard task. */
        task: string;

        /** ExpertCard description. */
        description: string;

        /** ExpertCard labels. */
        labels: string[];

        /** ExpertCard spaceId. */
        spaceId: string;

        /** ExpertCard dim. */
        dim: number;

        /** ExpertCard centroidCount. */
        centroidCount: number;

        /** ExpertCard centroids. */
        centroids: number[];

        /** ExpertCard price. */
        price: number;

        /** ExpertCard load. */
        load: number;

        /** ExpertCard inputKind. */
        inputKind: string;

        /** ExpertCard accuracy. */
        accuracy: number;

        /** ExpertCard gate. */
        gate?: (moemesh.Gate.$Properties|null);

        /** ExpertCard modelSha256. */
        modelSha256: Uint8Array;

        /**
         * Creates a new ExpertCard instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ExpertCard instance
         */
        static create(properties: moemesh.ExpertCard.$Shape): moemesh.ExpertCard & moemesh.ExpertCard.$Shape;
        static create(properties?: moemesh.ExpertCard.$Properties): moemesh.ExpertCard;

        /**
         * Encodes the specified ExpertCard message. Does not implicitly {@link moemesh.ExpertCard.verify|verify} messages.
         * @param message ExpertCard message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: moemesh.ExpertCard.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an ExpertCard message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {moemesh.ExpertCard & moemesh.ExpertCard.$Shape} ExpertCard
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): moemesh.ExpertCard & moemesh.ExpertCard.$Shape;

        /**
         * Creates an ExpertCard message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns ExpertCard
         */
        static fromObject(object: { [k: string]: any }): moemesh.ExpertCard;

        /**
         * Creates a plain object from an ExpertCard message. Also converts values to other types if specified.
         * @param message ExpertCard
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: moemesh.ExpertCard, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this ExpertCard to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for ExpertCard
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ExpertCard {

        /** Properties of an ExpertCard. */
        interface $Properties {

            /** ExpertCard expertId */
            expertId?: (Uint8Array|null);

            /** ExpertCard name */
            name?: (string|null);

            /** ExpertCard version */
            version?: (string|null);

            /** ExpertCard task */
            task?: (string|null);

            /** ExpertCard description */
            description?: (string|null);

            /** ExpertCard labels */
            labels?: (string[]|null);

            /** ExpertCard spaceId */
            spaceId?: (string|null);

            /** ExpertCard dim */
            dim?: (number|null);

            /** ExpertCard centroidCount */
            centroidCount?: (number|null);

            /** ExpertCard centroids */
            centroids?: (number[]|null);

            /** ExpertCard price */
            price?: (number|null);

            /** ExpertCard load */
            load?: (number|null);

            /** ExpertCard inputKind */
            inputKind?: (string|null);

            /** ExpertCard accuracy */
            accuracy?: (number|null);

            /** ExpertCard gate */
            gate?: (moemesh.Gate.$Properties|null);

            /** ExpertCard modelSha256 */
            modelSha256?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an ExpertCard. */
        type $Shape = moemesh.ExpertCard.$Properties;
    }

    /**
     * Properties of a Gate.
     * @deprecated Use moemesh.Gate.$Properties instead.
     */
    interface IGate extends moemesh.Gate.$Properties {
    }

    /** Represents a Gate. */
    class Gate {

        /**
         * Constructs a new Gate.
         * @param [properties] Properties to set
         */
        constructor(properties?: moemesh.Gate.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Gate weights. */
        weights: Uint8Array;

        /** Gate scale. */
        scale: number;

        /** Gate bias. */
        bias: number;

        /** Gate abstainBelow. */
        abstainBelow: number;

        /**
         * Creates a new Gate instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Gate instance
         */
        static create(properties: moemesh.Gate.$Shape): moemesh.Gate & moemesh.Gate.$Shape;
        static create(properties?: moemesh.Gate.$Properties): moemesh.Gate;

        /**
         * Encodes the specified Gate message. Does not implicitly {@link moemesh.Gate.verify|verify} messages.
         * @param message Gate message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: moemesh.Gate.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Gate message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {moemesh.Gate & moemesh.Gate.$Shape} Gate
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): moemesh.Gate & moemesh.Gate.$Shape;

        /**
         * Creates a Gate message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns Gate
         */
        static fromObject(object: { [k: string]: any }): moemesh.Gate;

        /**
         * Creates a plain object from a Gate message. Also converts values to other types if specified.
         * @param message Gate
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: moemesh.Gate, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this Gate to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for Gate
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Gate {

        /** Properties of a Gate. */
        interface $Properties {

            /** Gate weights */
            weights?: (Uint8Array|null);

            /** Gate scale */
            scale?: (number|null);

            /** Gate bias */
            bias?: (number|null);

            /** Gate abstainBelow */
            abstainBelow?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Gate. */
        type $Shape = moemesh.Gate.$Properties;
    }

    /**
     * Properties of a NodeAdvert.
     * @deprecated Use moemesh.NodeAdvert.$Properties instead.
     */
    interface INodeAdvert extends moemesh.NodeAdvert.$Properties {
    }

    /** Represents a NodeAdvert. */
    class NodeAdvert {

        /**
         * Constructs a new NodeAdvert.
         * @param [properties] Properties to set
         */
        constructor(properties?: moemesh.NodeAdvert.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** NodeAdvert peerId. */
        peerId: Uint8Array;

        /** NodeAdvert seqno. */
        seqno: number;

        /** NodeAdvert expiresAtMs. */
        expiresAtMs: number;

        /** NodeAdvert addrs. */
        addrs: Uint8Array[];

        /** NodeAdvert cards. */
        cards: moemesh.ExpertCard.$Properties[];

        /** NodeAdvert spaceId. */
        spaceId: string;

        /**
         * Creates a new NodeAdvert instance using the specified properties.
         * @param [properties] Properties to set
         * @returns NodeAdvert instance
         */
        static create(properties: moemesh.NodeAdvert.$Shape): moemesh.NodeAdvert & moemesh.NodeAdvert.$Shape;
        static create(properties?: moemesh.NodeAdvert.$Properties): moemesh.NodeAdvert;

        /**
         * Encodes the specified NodeAdvert message. Does not implicitly {@link moemesh.NodeAdvert.verify|verify} messages.
         * @param message NodeAdvert message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: moemesh.NodeAdvert.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a NodeAdvert message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {moemesh.NodeAdvert & moemesh.NodeAdvert.$Shape} NodeAdvert
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): moemesh.NodeAdvert & moemesh.NodeAdvert.$Shape;

        /**
         * Creates a NodeAdvert message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns NodeAdvert
         */
        static fromObject(object: { [k: string]: any }): moemesh.NodeAdvert;

        /**
         * Creates a plain object from a NodeAdvert message. Also converts values to other types if specified.
         * @param message NodeAdvert
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: moemesh.NodeAdvert, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this NodeAdvert to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for NodeAdvert
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace NodeAdvert {

        /** Properties of a NodeAdvert. */
        interface $Properties {

            /** NodeAdvert peerId */
            peerId?: (Uint8Array|null);

            /** NodeAdvert seqno */
            seqno?: (number|null);

            /** NodeAdvert expiresAtMs */
            expiresAtMs?: (number|null);

            /** NodeAdvert addrs */
            addrs?: (Uint8Array[]|null);

            /** NodeAdvert cards */
            cards?: (moemesh.ExpertCard.$Properties[]|null);

            /** NodeAdvert spaceId */
            spaceId?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a NodeAdvert. */
        type $Shape = moemesh.NodeAdvert.$Properties;
    }

    /**
     * Properties of a SignedAdvert.
     * @deprecated Use moemesh.SignedAdvert.$Properties instead.
     */
    interface ISignedAdvert extends moemesh.SignedAdvert.$Properties {
    }

    /** Represents a SignedAdvert. */
    class SignedAdvert {

        /**
         * Constructs a new SignedAdvert.
         * @param [properties] Properties to set
         */
        constructor(properties?: moemesh.SignedAdvert.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** SignedAdvert advert. */
        advert: Uint8Array;

        /** SignedAdvert publicKey. */
        publicKey: Uint8Array;

        /** SignedAdvert signature. */
        signature: Uint8Array;

        /**
         * Creates a new SignedAdvert instance using the specified properties.
         * @param [properties] Properties to set
         * @returns SignedAdvert instance
         */
        static create(properties: moemesh.SignedAdvert.$Shape): moemesh.SignedAdvert & moemesh.SignedAdvert.$Shape;
        static create(properties?: moemesh.SignedAdvert.$Properties): moemesh.SignedAdvert;

        /**
         * Encodes the specified SignedAdvert message. Does not implicitly {@link moemesh.SignedAdvert.verify|verify} messages.
         * @param message SignedAdvert message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: moemesh.SignedAdvert.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a SignedAdvert message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {moemesh.SignedAdvert & moemesh.SignedAdvert.$Shape} SignedAdvert
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): moemesh.SignedAdvert & moemesh.SignedAdvert.$Shape;

        /**
         * Creates a SignedAdvert message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns SignedAdvert
         */
        static fromObject(object: { [k: string]: any }): moemesh.SignedAdvert;

        /**
         * Creates a plain object from a SignedAdvert message. Also converts values to other types if specified.
         * @param message SignedAdvert
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: moemesh.SignedAdvert, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this SignedAdvert to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for SignedAdvert
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace SignedAdvert {

        /** Properties of a SignedAdvert. */
        interface $Properties {

            /** SignedAdvert advert */
            advert?: (Uint8Array|null);

            /** SignedAdvert publicKey */
            publicKey?: (Uint8Array|null);

            /** SignedAdvert signature */
            signature?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a SignedAdvert. */
        type $Shape = moemesh.SignedAdvert.$Properties;
    }

    /** ErrorCode enum. */
    enum ErrorCode {

        /** OK value */
        OK = 0,

        /** UNKNOWN_EXPERT value */
        UNKNOWN_EXPERT = 1,

        /** OVERLOADED value */
        OVERLOADED = 2,

        /** DEADLINE_EXCEEDED value */
        DEADLINE_EXCEEDED = 3,

        /** BAD_REQUEST value */
        BAD_REQUEST = 4,

        /** INTERNAL value */
        INTERNAL = 5,

        /** SPACE_MISMATCH value */
        SPACE_MISMATCH = 6,

        /** BUDGET_EXCEEDED value */
        BUDGET_EXCEEDED = 7,

        /** PAYMENT_REQUIRED value */
        PAYMENT_REQUIRED = 8
    }

    /**
     * Properties of a QueryRequest.
     * @deprecated Use moemesh.QueryRequest.$Properties instead.
     */
    interface IQueryRequest extends moemesh.QueryRequest.$Properties {
    }

    /** Represents a QueryRequest. */
    class QueryRequest {

        /**
         * Constructs a new QueryRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: moemesh.QueryRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** QueryRequest id. */
        id: number;

        /** QueryRequest text. */
        text: string;

        /** QueryRequest vector. */
        vector: number[];

        /** QueryRequest spaceId. */
        spaceId: string;

        /** QueryRequest expertIds. */
        expertIds: Uint8Array[];

        /** QueryRequest deadlineMs. */
        deadlineMs: number;

        /** QueryRequest maxPrice. */
        maxPrice: number;

        /** QueryRequest competenceOnly. */
        competenceOnly: boolean;

        /** QueryRequest withoutCompetence. */
        withoutCompetence: boolean;

        /**
         * Creates a new QueryRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns QueryRequest instance
         */
        static create(properties: moemesh.QueryRequest.$Shape): moemesh.QueryRequest & moemesh.QueryRequest.$Shape;
        static create(properties?: moemesh.QueryRequest.$Properties): moemesh.QueryRequest;

        /**
         * Encodes the specified QueryRequest message. Does not implicitly {@link moemesh.QueryRequest.verify|verify} messages.
         * @param message QueryRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: moemesh.QueryRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a QueryRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {moemesh.QueryRequest & moemesh.QueryRequest.$Shape} QueryRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): moemesh.QueryRequest & moemesh.QueryRequest.$Shape;

        /**
         * Creates a QueryRequest message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns QueryRequest
         */
        static fromObject(object: { [k: string]: any }): moemesh.QueryRequest;

        /**
         * Creates a plain object from a QueryRequest message. Also converts values to other types if specified.
         * @param message QueryRequest
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: moemesh.QueryRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this QueryRequest to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for QueryRequest
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace QueryRequest {

        /** Properties of a QueryRequest. */
        interface $Properties {

            /** QueryRequest id */
            id?: (number|null);

            /** QueryRequest text */
            text?: (string|null);

            /** QueryRequest vector */
            vector?: (number[]|null);

            /** QueryRequest spaceId */
            spaceId?: (string|null);

            /** QueryRequest expertIds */
            expertIds?: (Uint8Array[]|null);

            /** QueryRequest deadlineMs */
            deadlineMs?: (number|null);

            /** QueryRequest maxPrice */
            maxPrice?: (number|null);

            /** QueryRequest competenceOnly */
            competenceOnly?: (boolean|null);

            /** QueryRequest withoutCompetence */
            withoutCompetence?: (boolean|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a QueryRequest. */
        type $Shape = moemesh.QueryRequest.$Properties;
    }

    /**
     * Properties of an ExpertAnswer.
     * @deprecated Use moemesh.ExpertAnswer.$Properties instead.
     */
    interface IExpertAnswer extends moemesh.ExpertAnswer.$Properties {
    }

    /** Represents an ExpertAnswer. */
    class ExpertAnswer {

        /**
         * Constructs a new ExpertAnswer.
         * @param [properties] Properties to set
         */
        constructor(properties?: moemesh.ExpertAnswer.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ExpertAnswer expertId. */
        expertId: Uint8Array;

        /** ExpertAnswer error. */
        error: moemesh.ErrorCode;

        /** ExpertAnswer distribution. */
        distribution: number[];

        /** ExpertAnswer latencyMs. */
        latencyMs: number;

        /** ExpertAnswer price. */
        price: number;

        /** ExpertAnswer competence. */
        competence?: (number|null);

        /** ExpertAnswer privateCompetence. */
        privateCompetence?: (number|null);

        /** ExpertAnswer inDomain. */
        inDomain?: (number|null);

        /**
         * Creates a new ExpertAnswer instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ExpertAnswer instance
         */
        static create(properties: moemesh.ExpertAnswer.$Shape): moemesh.ExpertAnswer & moemesh.ExpertAnswer.$Shape;
        static create(properties?: moemesh.ExpertAnswer.$Properties): moemesh.ExpertAnswer;

        /**
         * Encodes the specified ExpertAnswer message. Does not implicitly {@link moemesh.ExpertAnswer.verify|verify} messages.
         * @param message ExpertAnswer message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: moemesh.ExpertAnswer.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an ExpertAnswer message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {moemesh.ExpertAnswer & moemesh.ExpertAnswer.$Shape} ExpertAnswer
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): moemesh.ExpertAnswer & moemesh.ExpertAnswer.$Shape;

        /**
         * Creates an ExpertAnswer message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns ExpertAnswer
         */
        static fromObject(object: { [k: string]: any }): moemesh.ExpertAnswer;

        /**
         * Creates a plain object from an ExpertAnswer message. Also converts values to other types if specified.
         * @param message ExpertAnswer
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: moemesh.ExpertAnswer, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this ExpertAnswer to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for ExpertAnswer
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ExpertAnswer {

        /** Properties of an ExpertAnswer. */
        interface $Properties {

            /** ExpertAnswer expertId */
            expertId?: (Uint8Array|null);

            /** ExpertAnswer error */
            error?: (moemesh.ErrorCode|null);

            /** ExpertAnswer distribution */
            distribution?: (number[]|null);

            /** ExpertAnswer latencyMs */
            latencyMs?: (number|null);

            /** ExpertAnswer price */
            price?: (number|null);

            /** ExpertAnswer competence */
            competence?: (number|null);

            /** ExpertAnswer privateCompetence */
            privateCompetence?: (number|null);

            /** ExpertAnswer inDomain */
            inDomain?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an ExpertAnswer. */
        type $Shape = moemesh.ExpertAnswer.$Properties;
    }

    /**
     * Properties of a QueryResponse.
     * @deprecated Use moemesh.QueryResponse.$Properties instead.
     */
    interface IQueryResponse extends moemesh.QueryResponse.$Properties {
    }

    /** Represents a QueryResponse. */
    class QueryResponse {

        /**
         * Constructs a new QueryResponse.
         * @param [properties] Properties to set
         */
        constructor(properties?: moemesh.QueryResponse.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** QueryResponse id. */
        id: number;

        /** QueryResponse error. */
        error: moemesh.ErrorCode;

        /** QueryResponse message. */
        message: string;

        /** QueryResponse answers. */
        answers: moemesh.ExpertAnswer.$Properties[];

        /**
         * Creates a new QueryResponse instance using the specified properties.
         * @param [properties] Properties to set
         * @returns QueryResponse instance
         */
        static create(properties: moemesh.QueryResponse.$Shape): moemesh.QueryResponse & moemesh.QueryResponse.$Shape;
        static create(properties?: moemesh.QueryResponse.$Properties): moemesh.QueryResponse;

        /**
         * Encodes the specified QueryResponse message. Does not implicitly {@link moemesh.QueryResponse.verify|verify} messages.
         * @param message QueryResponse message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: moemesh.QueryResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a QueryResponse message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {moemesh.QueryResponse & moemesh.QueryResponse.$Shape} QueryResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): moemesh.QueryResponse & moemesh.QueryResponse.$Shape;

        /**
         * Creates a QueryResponse message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns QueryResponse
         */
        static fromObject(object: { [k: string]: any }): moemesh.QueryResponse;

        /**
         * Creates a plain object from a QueryResponse message. Also converts values to other types if specified.
         * @param message QueryResponse
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: moemesh.QueryResponse, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this QueryResponse to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for QueryResponse
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace QueryResponse {

        /** Properties of a QueryResponse. */
        interface $Properties {

            /** QueryResponse id */
            id?: (number|null);

            /** QueryResponse error */
            error?: (moemesh.ErrorCode|null);

            /** QueryResponse message */
            message?: (string|null);

            /** QueryResponse answers */
            answers?: (moemesh.ExpertAnswer.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a QueryResponse. */
        type $Shape = moemesh.QueryResponse.$Properties;
    }

    /**
     * Properties of an AdvertSyncRequest.
     * @deprecated Use moemesh.AdvertSyncRequest.$Properties instead.
     */
    interface IAdvertSyncRequest extends moemesh.AdvertSyncRequest.$Properties {
    }

    /** Represents an AdvertSyncRequest. */
    class AdvertSyncRequest {

        /**
         * Constructs a new AdvertSyncRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: moemesh.AdvertSyncRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** AdvertSyncRequest spaceId. */
        spaceId: string;

        /** AdvertSyncRequest maxAdverts. */
        maxAdverts: number;

        /**
         * Creates a new AdvertSyncRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns AdvertSyncRequest instance
         */
        static create(properties: moemesh.AdvertSyncRequest.$Shape): moemesh.AdvertSyncRequest & moemesh.AdvertSyncRequest.$Shape;
        static create(properties?: moemesh.AdvertSyncRequest.$Properties): moemesh.AdvertSyncRequest;

        /**
         * Encodes the specified AdvertSyncRequest message. Does not implicitly {@link moemesh.AdvertSyncRequest.verify|verify} messages.
         * @param message AdvertSyncRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: moemesh.AdvertSyncRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an AdvertSyncRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {moemesh.AdvertSyncRequest & moemesh.AdvertSyncRequest.$Shape} AdvertSyncRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): moemesh.AdvertSyncRequest & moemesh.AdvertSyncRequest.$Shape;

        /**
         * Creates an AdvertSyncRequest message from a plain object. Also converts values to their respective internal types.
         * @param object Plain object
         * @returns AdvertSyncRequest
         */
        static fromObject(object: { [k: string]: any }): moemesh.AdvertSyncRequest;

        /**
         * Creates a plain object from an AdvertSyncRequest message. Also converts values to other types if specified.
         * @param message AdvertSyncRequest
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: moemesh.AdvertSyncRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };

        /**
         * Converts this AdvertSyncRequest to JSON.
         * @returns JSON object
         */
        toJSON(): { [k: string]: any };

        /**
         * Gets the type url for AdvertSyncRequest
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace AdvertSyncRequest {

        /** Properties of an AdvertSyncRequest. */
        interface $Properties {

            /** AdvertSyncRequest spaceId */
            spaceId?: (string|null);

            /** AdvertSyncRequest maxAdverts */
            maxAdverts?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an AdvertSyncRequest. */
        type $Shape = moemesh.AdvertSyncRequest.$Properties;
    }
}
